"""The spaCy adapter (``policyparse.load()``): the stages as pipeline components, and the
tokenizer that cuts text at unit names and sentence ends. ``policyparse.parse`` does not use it."""
