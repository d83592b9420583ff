#!/usr/bin/env python3
"""Runs `refrec.py score` with numpy's argpartition replaced by a stable sort, so that ItemKNN's
neighbour cut keeps, among neighbours tied at the k-th similarity, the smaller item indices -- the
rule Tandem uses. numpy's introselect keeps an arbitrary subset of such ties, which is the only
source of difference between Tandem's and refrec's ItemKNN numbers.

  scripts/refrec-stable-cut.py ../shared/tools/reference/refrec.py score --split DIR --model itemknn --k 100
"""
import runpy
import sys

import numpy as np


def stable_argpartition(a, kth, axis=-1, **_):
    # a full stable ordering is a valid partition, and it breaks ties by position
    return np.argsort(a, axis=axis, kind="stable")


np.argpartition = stable_argpartition
refrec = sys.argv[1]
sys.argv = [refrec] + sys.argv[2:]
runpy.run_path(refrec, run_name="__main__")
