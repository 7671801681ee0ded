"""Regenerates the Keras fixtures: every group, or the groups named.

    python -m generator                 # from Tests/PlexusTests/Data/Fixtures/keras, in the Keras venv
    python -m generator optimizers      # one group

Run it through tools/keras-env.sh, which makes the pinned venv. A group is any module of this
package other than common: it holds a list CASES of common.Case, and its fixtures go to
keras/<module name>/<case name>.json; or a function generate() that writes its own files and
returns their paths (kerasfiles, the .keras model files). Adding a group is adding a module; nothing here changes.
"""
import importlib
import pkgutil
import sys

from . import common


def groups():
    """The group modules of this package, by name."""
    package = sys.modules[__package__]
    names = [m.name for m in pkgutil.iter_modules(package.__path__) if m.name not in ("common", "__main__")]
    return sorted(names)


def main(arguments):
    available = groups()
    chosen = arguments or available
    unknown = [name for name in chosen if name not in available]
    if unknown:
        sys.exit(f"unknown group(s) {unknown}; the groups are {available}")
    for group in chosen:
        module = importlib.import_module(f"{__package__}.{group}")
        if hasattr(module, "generate"):  # a group that writes its own files (kerasfiles)
            for path in module.generate():
                print(f"wrote {path}", flush=True)
            continue
        names = [case.name for case in module.CASES]
        if len(set(names)) != len(names):
            sys.exit(f"group {group} has two cases of one name: {names}")
        run = getattr(module, "run", common.run)  # a group with fixtures of its own form runs them itself
        for case in module.CASES:
            path = common.write(run(case, group))
            print(f"wrote {path}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
