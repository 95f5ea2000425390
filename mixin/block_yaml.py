"""YAML as the rules read best: multi-line strings (PromQL) as literal blocks, so the output reads like the source.
Shared by mixin/render.py and alerts/generate-prometheusrule.py."""

import yaml


class BlockStyleDumper(yaml.SafeDumper):
    """A SafeDumper that writes multi-line strings as `|` blocks."""


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


BlockStyleDumper.add_representer(str, _represent_str)
