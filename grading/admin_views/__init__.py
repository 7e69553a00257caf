"""Trainer-facing views, mounted in Wagtail admin by ``grading.wagtail_hooks``."""
