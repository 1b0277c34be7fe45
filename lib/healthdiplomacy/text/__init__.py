"""Text: decoding bytes, detecting the language, normalizing for matching, splitting
sentences, and shaping Persian for renderers that cannot.

The lowest layer: it imports no other part of the package.
"""
