"""One access layer: roles (who), unit scope (where) and page scope (which pages).

Every permission decision in the project asks these modules or a permission policy built on them.
"""
