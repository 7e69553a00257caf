"""Settings package: ``base`` reads the environment once; ``dev``, ``test`` and ``production`` adjust it."""
