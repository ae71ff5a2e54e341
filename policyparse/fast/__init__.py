"""The speed toolkit, kept apart from the rules: each piece gives exactly what the plain
version gives (property tests in tests/test_scan.py). ``chars``: characters of a kind counted
at once; ``scan``: patterns tried only around their literal anchors or leading words;
``spans``: a sorted set of intervals; ``numbers``: target candidates found from the numbers."""
