// bodyExcerpt of the repository's own search-core.js on given Pagefind result data, in Node.
// Usage: node body_excerpt.mjs <cases-json>   [{"data": {...}, "length": 40, "marks": ["最低生活保障"]}, ...]
//   ->  ["<excerpt html>", ...]
import { copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const source = join(dirname(fileURLToPath(import.meta.url)), "../../plugins/gongkai/templates/assets/gongkai/search-core.js");
const file = join(await mkdtemp(join(tmpdir(), "gk-excerpt-")), "search-core.mjs"); // an ES module by its name
await copyFile(source, file);
const core = await import(pathToFileURL(file).href);
const cases = JSON.parse(process.argv[2]);
process.stdout.write(JSON.stringify(cases.map(({ data, length, marks }) => core.bodyExcerpt(data, length, marks))) + "\n");
