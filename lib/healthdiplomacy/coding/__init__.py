"""Coding: the one pass over an article that finds every term, decides each place's role
(the relation step), attributes themes and stage cues to partners, and reads the year.

Returns tables only (links, mentions, stages); draws nothing.
"""
