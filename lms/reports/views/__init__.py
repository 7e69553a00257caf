"""HR pages: the dashboard and overview, targets, roster import, exports, API token, platform totals."""
