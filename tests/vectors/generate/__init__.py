"""Writes the conformance vectors of tests/vectors/ (see README.md there for the contract).

usage: python3 -m pip install 'pyjwt==2.9.0' && cd tests/vectors && python3 -m generate

Expected JWT bytes come from PyJWT (`jwt.encode`), static tokens and MACs from Python's `json`, `base64`
and `hmac`. Every other expectation is written by hand, as data, in one module per vector file; the
reference checks of `reference.py` re-derive them from the README rules and raise if a hand-written value
disagrees, and PyJWT is asked to agree with every verify/decode case it can decode. Every verify_jwt case
also carries the verdict of Tinybird's own verifier (PyJWT 2.9.0 as Tinybird calls it, `tinybird.py`). The program reads no
clock and no randomness: running it twice gives identical files. It writes every vector file.

Run it as a module (`-m`), never as a path: the modules `hmac.py` and `inspect.py` are named after their
vector files and would shadow the standard library's if this directory were on `sys.path`.
"""
