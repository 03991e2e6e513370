"""Getting a finished build to readers: release directories beside the published path and the atomic
symlink swap (with rollback), and the small HTTP server that serves a kiosk build on 127.0.0.1.
"""
