#!/usr/bin/env bash
# Merge the upstream repository's updates into this fork (run by sync-upstream.yml). Writes
# merged=true to $GITHUB_OUTPUT when it pushed a merge. When the merge conflicts, or the push
# is refused, it leaves the fork as it was, opens an issue that says what to do, and fails.
set -euo pipefail

parent=$(gh api "repos/$GITHUB_REPOSITORY" --jq '.parent.full_name // empty')
if [ -z "$parent" ]; then
  echo "::notice::$GITHUB_REPOSITORY is not a fork: there is no upstream to merge."
  exit 0
fi
upstream_branch=$(gh api "repos/$parent" --jq .default_branch)
branch=$(git rev-parse --abbrev-ref HEAD)
git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git fetch --no-tags "https://github.com/$parent.git" "$upstream_branch"

if git merge-base --is-ancestor FETCH_HEAD HEAD; then
  echo "::notice::Already up to date with $parent."
  exit 0
fi

if git merge --no-edit -m "Merge upstream's updates from $parent" FETCH_HEAD; then
  if git push origin "HEAD:$branch"; then
    echo "merged=true" >>"$GITHUB_OUTPUT"
    echo "::notice::Merged the updates from $parent; the site is being republished."
    exit 0
  fi
  problem="The updates from $parent merge cleanly, but this workflow may not push them (they change a workflow file, which only a person may do)."
else
  conflicts=$(git diff --name-only --diff-filter=U | sed 's/^/- /')
  git merge --abort
  problem="The updates from $parent conflict with changes made in this copy, in:
$conflicts
Changes of your own belong in local/ (see the README), which upstream never changes."
fi

title="Upstream's updates need a hand"
body="$problem

What to do: on this repository's main page, click **Sync fork**, then **Update branch**. If
GitHub offers only to **Discard commits**, do not: it would delete your own changes. Ask
someone who knows Git to merge instead, or move your changes into local/ first.

(Opened by the weekly \"Get upstream's updates\" workflow. Close this issue when done.)"
if [ -z "$(gh issue list --state open --search "in:title \"$title\"" --json number --jq '.[].number' 2>/dev/null)" ]; then
  gh issue create --title "$title" --body "$body" \
    || echo "::warning::Could not open an issue (are Issues turned off in Settings?)."
fi
echo "::error::$problem" | tr '\n' ' '
echo
exit 1
