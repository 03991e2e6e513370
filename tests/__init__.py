"""The test suite: one module per feature; shared fixtures in conftest.py, plain helpers in helpers.py."""
