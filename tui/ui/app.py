"""Placeholder until the reader lands."""
import argparse


def run_app(args: argparse.Namespace) -> int:
    raise SystemExit("the reader is not built yet")
