/* 无障碍工具条 (partials/a11y_tools.html): 长者模式, 高对比度, 特大鼠标, 语音阅读 of the 正文 and 重置.
   - Each mode is a class on <html> (gk-elder, gk-contrast, gk-cursor) kept in localStorage ("gk-elder" = "1", …);
     the inline script in <head> (partials/a11y_head.html) sets the classes before first paint, this script
     wires the buttons (aria-pressed tells their state) and shows the toolbar, which stays hidden without JS.
   - 语音阅读 reads the item's 正文 (.gk-body: not the title, the 信息属性 box or the navigation) with the Web
     Speech API in a Chinese voice, in short pieces (Chromium stops long utterances). Without speechSynthesis or
     without a Chinese voice a Chinese message says so (role=status) instead of silence.
   - 重置 switches every mode off, forgets the choices and stops reading. */
(function () {
  "use strict";
  var root = document.documentElement;
  var MODES = { elder: "gk-elder", contrast: "gk-contrast", cursor: "gk-cursor" };
  var status = null;

  function say(text) { if (status) status.textContent = text; }

  // ---- display modes ------------------------------------------------------------------------------
  function syncModes() {
    document.querySelectorAll("[data-gk-mode]").forEach(function (button) {
      var on = root.classList.contains(MODES[button.getAttribute("data-gk-mode")]);
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  function setMode(mode, on) {
    root.classList.toggle(MODES[mode], on);
    try {
      if (on) localStorage.setItem(MODES[mode], "1"); else localStorage.removeItem(MODES[mode]);
    } catch (e) { /* private mode: this page only */ }
  }

  // ---- 语音阅读 -----------------------------------------------------------------------------------
  var speech = { queue: [], paused: false, active: false };
  var buttons = {};

  function synth() {
    return window.speechSynthesis && typeof window.SpeechSynthesisUtterance === "function" ? window.speechSynthesis : null;
  }
  function chineseVoice(voices) {
    for (var i = 0; i < voices.length; i++) {
      if (/^(zh|cmn)([-_]|$)/i.test(voices[i].lang || "")) return voices[i];
    }
    return null;
  }
  // The browser's voices, waiting for `voiceschanged` (Chromium loads them after the page) up to 1.5 s.
  function withVoices(engine, done) {
    var voices = engine.getVoices ? engine.getVoices() : [];
    if (voices && voices.length) { done(voices); return; }
    var finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      if (engine.removeEventListener) engine.removeEventListener("voiceschanged", finish);
      done((engine.getVoices && engine.getVoices()) || []);
    }
    if (engine.addEventListener) engine.addEventListener("voiceschanged", finish);
    setTimeout(finish, 1500);
  }
  // The 正文 as short pieces: its rendered lines (innerText), permalink marks dropped, long lines cut after
  // a sentence end so no single utterance runs long.
  function pieces(body) {
    var marks = {};
    body.querySelectorAll(".headerlink").forEach(function (a) { marks[a.textContent.trim()] = true; });
    var out = [];
    body.innerText.split(/\n+/).forEach(function (line) {
      line = line.trim();
      Object.keys(marks).forEach(function (m) { if (m && line.slice(-m.length) === m) line = line.slice(0, -m.length).trim(); });
      while (line.length > 120) {
        var cut = line.slice(0, 120).search(/[。！？；!?;][^。！？；!?;]*$/);
        cut = cut > 20 ? cut + 1 : 120;
        out.push(line.slice(0, cut));
        line = line.slice(cut).trim();
      }
      if (line) out.push(line);
    });
    return out;
  }
  function syncSpeech() {
    if (!buttons.pause) return;
    buttons.pause.disabled = !speech.active;
    buttons.stop.disabled = !speech.active;
    buttons.pause.setAttribute("aria-pressed", speech.paused ? "true" : "false");
    buttons.pause.textContent = speech.paused ? "继续" : "暂停";
  }
  function stopSpeech(message) {
    var engine = synth();
    speech.queue = [];
    speech.paused = false;
    var was = speech.active;
    speech.active = false;
    if (engine && was) engine.cancel();
    syncSpeech();
    if (message && was) say(message);
  }
  function speakNext(engine, voice) {
    if (!speech.active) return;
    var text = speech.queue.shift();
    if (text === undefined) { speech.active = false; syncSpeech(); say("正文朗读完毕。"); return; }
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = "zh-CN";
    try { utterance.voice = voice; } catch (e) { /* the lang alone picks a Chinese voice */ }
    utterance.rate = 0.9;  // a little slower than the default for older listeners
    utterance.onend = function () { speakNext(engine, voice); };
    utterance.onerror = function (event) {
      if (event && (event.error === "interrupted" || event.error === "canceled")) return;
      stopSpeech();
      say("朗读出错，已停止。请稍后再试，或使用手机、电脑自带的读屏功能。");
    };
    engine.speak(utterance);
  }
  function startSpeech() {
    var engine = synth();
    var body = document.querySelector(".gk-body");
    if (!body) return;
    if (!engine) {
      say("本浏览器不支持语音朗读。请换用新版浏览器，或使用手机、电脑自带的读屏功能。");
      return;
    }
    stopSpeech();
    say("正在准备朗读……");
    withVoices(engine, function (voices) {
      var voice = chineseVoice(voices);
      if (!voice) {
        say("本浏览器没有中文语音，无法朗读。可以在系统设置中安装中文语音，或使用手机、电脑自带的读屏功能。");
        return;
      }
      speech.queue = pieces(body);
      speech.active = true;
      speech.paused = false;
      syncSpeech();
      say("正在朗读正文。");
      speakNext(engine, voice);
    });
  }
  function pauseSpeech() {
    var engine = synth();
    if (!engine || !speech.active) return;
    speech.paused = !speech.paused;
    if (speech.paused) { engine.pause(); say("已暂停朗读。"); } else { engine.resume(); say("继续朗读正文。"); }
    syncSpeech();
  }

  // ---- wiring -------------------------------------------------------------------------------------
  function init() {
    var bar = document.getElementById("gk-a11y");
    if (!bar) return;
    status = document.getElementById("gk-speak-status");
    bar.hidden = false;
    syncModes();
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !bar.contains(button)) return;
      var mode = button.getAttribute("data-gk-mode");
      if (mode) {
        setMode(mode, !root.classList.contains(MODES[mode]));
        syncModes();
      } else if (button.id === "gk-a11y-reset") {
        Object.keys(MODES).forEach(function (m) { setMode(m, false); });
        stopSpeech();
        syncModes();
        say("已恢复默认显示。");
      }
    });
    var speak = document.getElementById("gk-speak");
    if (speak && document.querySelector(".gk-body")) {
      speak.hidden = false;
      buttons.start = document.getElementById("gk-speak-start");
      buttons.pause = document.getElementById("gk-speak-pause");
      buttons.stop = document.getElementById("gk-speak-stop");
      buttons.start.addEventListener("click", startSpeech);
      buttons.pause.addEventListener("click", pauseSpeech);
      buttons.stop.addEventListener("click", function () { stopSpeech("已停止朗读。"); });
      syncSpeech();
    }
    window.addEventListener("pagehide", function () { stopSpeech(); });
  }
  // the kiosk's idle reset (kiosk.js) and any other script can switch everything off
  window.gkA11yReset = function () {
    Object.keys(MODES).forEach(function (m) { root.classList.remove(MODES[m]); });
    stopSpeech();
    syncModes();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
