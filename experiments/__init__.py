"""The experiments shipped with escalation-sim, one TOML file each.

This file only lets Python find the folder: the package installs it as
``escalation_sim.experiments.shipped`` (see pyproject.toml), in wheels and editable installs.
"""
