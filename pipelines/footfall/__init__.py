"""Foot-traffic counting studies (人流量调研): count sheets -> daily estimates with intervals, segment mix,
site ranking, sheet quality, a sample planner and a method check. Plain Python; never imports dagster."""
