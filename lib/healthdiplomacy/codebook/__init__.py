"""The codebook: partners, themes, stages, their terms, the relation step's cues and the
exclusions, as CSV data an analyst can edit (``healthdiplomacy/data/``), loaded and checked.
"""
