from .citations import Citation
from .imports import RegisterImport
from .procedures import Procedure
from .register import (
    DocumentField,
    DocumentFile,
    DocumentIndexPage,
    DocumentKind,
    DocumentRelation,
    DocumentStatus,
    LegalDocumentPage,
    RelationKind,
)

__all__ = [
    "Citation",
    "DocumentField",
    "DocumentFile",
    "DocumentIndexPage",
    "DocumentKind",
    "DocumentRelation",
    "DocumentStatus",
    "LegalDocumentPage",
    "Procedure",
    "RegisterImport",
    "RelationKind",
]
