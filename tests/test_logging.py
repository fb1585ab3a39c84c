"""Structured logging: a build logs its stages, the loaders each document, the endpoint each
query answered (with its time) and each request refused (with the reason)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from service.pipeline.build import BUNDLED_SOURCE

ROOT = Path(__file__).resolve().parents[1]


def fields(record: logging.LogRecord) -> dict:
    return record.fields  # type: ignore[attr-defined]


def test_a_build_logs_each_stage_and_each_document_as_json(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GKG_")}
    env |= {"GKG_LOG_FORMAT": "json", "GKG_LOG_LEVEL": "INFO"}
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "build", "--quiet", "--store", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    read = [e for e in events if e["logger"] == "gkg.loaders"]
    assert [(e["event"], e["reader"], e["modules"], e["lines"]) for e in read] == [
        ("document read", "text-export", 3, 1183)
    ]
    assert read[0]["path"].endswith(BUNDLED_SOURCE.name)
    stages = [e for e in events if e["logger"] == "gkg.build"]
    assert [e["stage"] for e in stages] == ["parse", "rdf", "validate", "write"]
    assert all(e["event"] == "build stage finished" and e["seconds"] >= 0 for e in stages)
    by_stage = {e["stage"]: e for e in stages}
    assert (by_stage["parse"]["documents"], by_stage["parse"]["modules"]) == (1, 3)
    assert by_stage["rdf"]["triples"] == 12376
    assert (by_stage["validate"]["violations"], by_stage["validate"]["warnings"]) == (0, 82)


def test_a_bad_log_format_is_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GKG_")}
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "query", "--list"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
        env=env | {"GKG_LOG_FORMAT": "xml"},
    )
    assert result.returncode == 2
    assert result.stderr == (
        "gkg query: error: GKG_LOG_FORMAT must be one of text, json, not 'xml'\n"
    )


def test_queries_answered_and_refused_are_logged(
    bundled_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = bundled_app.test_client()
    with caplog.at_level(logging.INFO, logger="gkg"):
        answered = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
        refused = client.get(
            "/sparql",
            query_string={"query": "SELECT * WHERE { SERVICE <http://192.0.2.1/> { ?s ?p ?o } }"},
        )
    assert (answered.status_code, refused.status_code) == (200, 403)
    queries = [r for r in caplog.records if r.name == "gkg.query"]
    assert [(r.getMessage(), fields(r)["form"]) for r in queries] == [("query answered", "ASK")]
    assert fields(queries[0])["ms"] >= 0 and fields(queries[0])["truncated"] is False
    refusals = [r for r in caplog.records if r.name == "gkg.refusal"]
    assert [(r.levelname, fields(r)["status"]) for r in refusals] == [("WARNING", 403)]
    assert "SERVICE <http://192.0.2.1/> is not allowed" in fields(refusals[0])["reason"]
