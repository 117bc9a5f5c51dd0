"""Item pipelines, one class per file, in the order they run (see ``ITEM_PIPELINES``)."""

from crawlers.pipelines.duplicates import DuplicatePipeline
from crawlers.pipelines.normalise import NormalisePipeline
from crawlers.pipelines.pairing import PairingPipeline
from crawlers.pipelines.validate import ValidatePipeline
from crawlers.pipelines.version import VersionPipeline

__all__ = ["NormalisePipeline", "ValidatePipeline", "VersionPipeline", "DuplicatePipeline", "PairingPipeline"]
