"""An import-linter contract: each feature imports only the features its package docstring names.

The docstring of `bot/features/<name>/__init__.py` ends with a line such as «Uses features: members, scenarios.»
(or «Uses features: nothing.»). That line is the one place a feature's neighbours are declared; this contract
holds the code to it, so a newcomer reads a feature's dependencies where they open it.
"""

import ast
import importlib.util
import re

import grimp
from importlinter import Contract, ContractCheck, fields, output

USES = re.compile(r"^Uses features: (?P<names>.*)\.$", re.MULTILINE)


def declared(package: str) -> set[str] | None:
    """The features a package's docstring names; None when it names none in the expected form."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    with open(spec.origin, encoding="utf-8") as file:
        docstring = ast.get_docstring(ast.parse(file.read())) or ""
    found = USES.search(docstring)
    if found is None:
        return None
    names = found["names"].strip()
    return set() if names == "nothing" else {name.strip() for name in names.split(",")}


class NamedFeaturesContract(Contract):
    type_name = "named_features"

    container = fields.StringField()  # the package whose subpackages are the features

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        container = str(self.container)
        features = sorted(graph.find_children(container))
        broken: list[str] = []
        for feature in features:
            name = feature.rpartition(".")[2]
            allowed = declared(feature)
            if allowed is None:
                broken.append(f"{feature}: its docstring has no «Uses features: …» line")
                continue
            unknown = allowed - {f.rpartition(".")[2] for f in features}
            broken += [f"{feature}: names «{other}», which is not a feature" for other in sorted(unknown)]
            for importer in sorted({feature} | graph.find_descendants(feature)):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    other = _feature_of(imported, container)
                    if other is None or other in allowed | {name}:
                        continue
                    lines = ", ".join(
                        str(detail["line_number"])
                        for detail in graph.get_import_details(importer=importer, imported=imported)
                    )
                    broken.append(f"{importer} -> {imported} (l.{lines}): {name} does not name {other}")
        return ContractCheck(kept=not broken, warnings=[], metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for line in check.metadata["broken"]:
            output.print_error(line, bold=False)
        output.new_line()


def _feature_of(module: str, container: str) -> str | None:
    if not module.startswith(container + "."):
        return None
    return module[len(container) + 1 :].partition(".")[0]
