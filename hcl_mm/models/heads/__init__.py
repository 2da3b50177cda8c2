# Copyright (c) hcl_mm contributors. All rights reserved.
from .boundary_refiner import BoundaryRefiner
from .cluster_classifier import ClusterClassifier
from .hierarchical_contrastive_head import (HierarchicalContrastiveHead,
                                            input_size_p_clean)
from .quadtree import QuadtreeInheritance, StageRecord
from .sample_selection import erode, hard_mine, random_subset, select_confident
from .spherical_kmeans import soft_assignment, spherical_two_means

__all__ = [
    'BoundaryRefiner', 'ClusterClassifier', 'HierarchicalContrastiveHead',
    'QuadtreeInheritance', 'StageRecord', 'input_size_p_clean', 'erode',
    'hard_mine', 'random_subset', 'select_confident', 'soft_assignment',
    'spherical_two_means'
]
