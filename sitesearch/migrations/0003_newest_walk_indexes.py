"""PostgreSQL only: what lets a results page read the newest matches and the few older, better
titles instead of every match (`sitesearch/newest.py`, `title_candidates.py`):
- `sitesearch_page_newest`: pages in the ranking's date order (newest first, undated last, id);
- `sitesearch_indexentry_object`: a page's index entry by object id alone (the backend's own unique
  index starts with the content type, and the search joins on a list of twenty of them);
- `sitesearch_page_id_text`: a page by its id as the search joins it (`id::varchar = object_id`), so
  a rare word's few matches, or an excluded word's, are joined page by page instead of by reading
  every page;
- trigram indexes on the indexed title as stored and folded (`sitesearch_fold`, an SQL copy of the
  folding table in `ranking.py`);
- `sitesearch_page_depth_path`: the children of a page in tree order (the menus every results page
  shows read them; without it, each read every page).
SQLite keeps its own path (engine.py)."""

from django.db import migrations

# `sitesearch_fold` as this migration created it: fixed here, so that a later change of the folding
# table (ranking.py) cannot silently change what this migration does. A test compares it with
# `title_candidates.fold_function_sql()`: a new table needs a migration that replaces the function
# and rebuilds the index on it.
FOLD_FUNCTION_SQL = (
    "CREATE OR REPLACE FUNCTION sitesearch_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARA"
    "LLEL SAFE AS $$ SELECT translate(regexp_replace(regexp_replace($1, '[\u0300-\u036f]+', '', 'g'),"
    " '[[:space:]]+', ' ', 'g'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9"
    "\xca\xcb\xcc\xcd\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd8\xd9\xda\xdb\xdc\xdd\xde\xe0\xe1\xe2\xe3"
    "\xe4\xe5\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf9\xfa\xfb\xfc\xfd\xff"
    "\u0100\u0101\u0102\u0103\u0104\u0105\u0106\u0107\u0108\u0109\u010a\u010b\u010c\u010d\u010e\u010f"
    "\u0110\u0111\u0112\u0113\u0114\u0115\u0116\u0117\u0118\u0119\u011a\u011b\u011c\u011d\u011e\u011f"
    "\u0120\u0121\u0122\u0123\u0124\u0125\u0126\u0128\u0129\u012a\u012b\u012c\u012d\u012e\u012f\u0130"
    "\u0132\u0134\u0135\u0136\u0137\u0139\u013a\u013b\u013c\u013d\u013e\u013f\u0141\u0143\u0144\u0145"
    "\u0146\u0147\u0148\u014a\u014c\u014d\u014e\u014f\u0150\u0151\u0152\u0154\u0155\u0156\u0157\u0158"
    "\u0159\u015a\u015b\u015c\u015d\u015e\u015f\u0160\u0161\u0162\u0163\u0164\u0165\u0166\u0168\u0169"
    "\u016a\u016b\u016c\u016d\u016e\u016f\u0170\u0171\u0172\u0173\u0174\u0175\u0176\u0177\u0178\u0179"
    "\u017a\u017b\u017c\u017d\u017e\u017f\u0181\u0182\u0184\u0186\u0187\u0189\u018a\u018b\u018e\u018f"
    "\u0190\u0191\u0193\u0194\u0196\u0197\u0198\u019c\u019d\u019f\u01a0\u01a1\u01a2\u01a4\u01a6\u01a7"
    "\u01a9\u01ac\u01ae\u01af\u01b0\u01b1\u01b2\u01b3\u01b5\u01b7\u01b8\u01bc\u01c4\u01c5\u01c7\u01c8"
    "\u01ca\u01cb\u01cd\u01ce\u01cf\u01d0\u01d1\u01d2\u01d3\u01d4\u01d5\u01d6\u01d7\u01d8\u01d9\u01da"
    "\u01db\u01dc\u01de\u01df\u01e0\u01e1\u01e2\u01e3\u01e4\u01e6\u01e7\u01e8\u01e9\u01ea\u01eb\u01ec"
    "\u01ed\u01ee\u01ef\u01f0\u01f1\u01f2\u01f4\u01f5\u01f6\u01f7\u01f8\u01f9\u01fa\u01fb\u01fc\u01fd"
    "\u01fe\u01ff\u0200\u0201\u0202\u0203\u0204\u0205\u0206\u0207\u0208\u0209\u020a\u020b\u020c\u020d"
    "\u020e\u020f\u0210\u0211\u0212\u0213\u0214\u0215\u0216\u0217\u0218\u0219\u021a\u021b\u021c\u021e"
    "\u021f\u0220\u0222\u0224\u0226\u0227\u0228\u0229\u022a\u022b\u022c\u022d\u022e\u022f\u0230\u0231"
    "\u0232\u0233\u023a\u023b\u023d\u023e\u0241\u0243\u0244\u0245\u0246\u0248\u024a\u024c\u024e\u1e00"
    "\u1e01\u1e02\u1e03\u1e04\u1e05\u1e06\u1e07\u1e08\u1e09\u1e0a\u1e0b\u1e0c\u1e0d\u1e0e\u1e0f\u1e10"
    "\u1e11\u1e12\u1e13\u1e14\u1e15\u1e16\u1e17\u1e18\u1e19\u1e1a\u1e1b\u1e1c\u1e1d\u1e1e\u1e1f\u1e20"
    "\u1e21\u1e22\u1e23\u1e24\u1e25\u1e26\u1e27\u1e28\u1e29\u1e2a\u1e2b\u1e2c\u1e2d\u1e2e\u1e2f\u1e30"
    "\u1e31\u1e32\u1e33\u1e34\u1e35\u1e36\u1e37\u1e38\u1e39\u1e3a\u1e3b\u1e3c\u1e3d\u1e3e\u1e3f\u1e40"
    "\u1e41\u1e42\u1e43\u1e44\u1e45\u1e46\u1e47\u1e48\u1e49\u1e4a\u1e4b\u1e4c\u1e4d\u1e4e\u1e4f\u1e50"
    "\u1e51\u1e52\u1e53\u1e54\u1e55\u1e56\u1e57\u1e58\u1e59\u1e5a\u1e5b\u1e5c\u1e5d\u1e5e\u1e5f\u1e60"
    "\u1e61\u1e62\u1e63\u1e64\u1e65\u1e66\u1e67\u1e68\u1e69\u1e6a\u1e6b\u1e6c\u1e6d\u1e6e\u1e6f\u1e70"
    "\u1e71\u1e72\u1e73\u1e74\u1e75\u1e76\u1e77\u1e78\u1e79\u1e7a\u1e7b\u1e7c\u1e7d\u1e7e\u1e7f\u1e80"
    "\u1e81\u1e82\u1e83\u1e84\u1e85\u1e86\u1e87\u1e88\u1e89\u1e8a\u1e8b\u1e8c\u1e8d\u1e8e\u1e8f\u1e90"
    "\u1e91\u1e92\u1e93\u1e94\u1e95\u1e96\u1e97\u1e98\u1e99\u1e9b\u1ea0\u1ea1\u1ea2\u1ea3\u1ea4\u1ea5"
    "\u1ea6\u1ea7\u1ea8\u1ea9\u1eaa\u1eab\u1eac\u1ead\u1eae\u1eaf\u1eb0\u1eb1\u1eb2\u1eb3\u1eb4\u1eb5"
    "\u1eb6\u1eb7\u1eb8\u1eb9\u1eba\u1ebb\u1ebc\u1ebd\u1ebe\u1ebf\u1ec0\u1ec1\u1ec2\u1ec3\u1ec4\u1ec5"
    "\u1ec6\u1ec7\u1ec8\u1ec9\u1eca\u1ecb\u1ecc\u1ecd\u1ece\u1ecf\u1ed0\u1ed1\u1ed2\u1ed3\u1ed4\u1ed5"
    "\u1ed6\u1ed7\u1ed8\u1ed9\u1eda\u1edb\u1edc\u1edd\u1ede\u1edf\u1ee0\u1ee1\u1ee2\u1ee3\u1ee4\u1ee5"
    "\u1ee6\u1ee7\u1ee8\u1ee9\u1eea\u1eeb\u1eec\u1eed\u1eee\u1eef\u1ef0\u1ef1\u1ef2\u1ef3\u1ef4\u1ef5"
    "\u1ef6\u1ef7\u1ef8\u1ef9\u1efa\u1efc\u1efe', 'abcdefghijklmnopqrstuvwxyzaaaaaa\xe6ceeeeiiiidnooo"
    "oo\xf8uuuuy\xfeaaaaaaceeeeiiiidnooooouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghh\u0127iiiiiiiii"
    "\u0133jjkkllllll\u0140\u0142nnnnnn\u014boooooo\u0153rrrrrrsssssssstttt\u0167uuuuuuuuuuuuwwyyyzzz"
    "zzzs\u0253\u0183\u0185\u0254\u0188\u0256\u0257\u018c\u01dd\u0259\u025b\u0192\u0260\u0263\u0269"
    "\u0268\u0199\u026f\u0272\u0275oo\u01a3\u01a5\u0280\u01a8\u0283\u01ad\u0288uu\u028a\u028b\u01b4"
    "\u01b6\u0292\u01b9\u01bd\u01c6\u01c6\u01c9\u01c9\u01cc\u01ccaaiioouuuuuuuuuuaaaa\xe6\xe6\u01e5gg"
    "kkoooo\u0292\u0292j\u01f3\u01f3gg\u0195\u01bfnnaa\xe6\xe6\xf8\xf8aaaaeeeeiiiioooorrrruuuusstt"
    "\u021dhh\u019e\u0223\u0225aaeeooooooooyy\u2c65\u023c\u019a\u2c66\u0242\u0180\u0289\u028c\u0247"
    "\u0249\u024b\u024d\u024faabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnn"
    "nnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwysaaaaaaaaaaaaa"
    "aaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy\u1efb\u1efd\u1eff'"
    ") $$"
)

INDEXES = {
    "sitesearch_page_newest": "ON wagtailcore_page (first_published_at DESC NULLS LAST, id DESC)",
    "sitesearch_indexentry_object": "ON wagtailsearch_indexentry (object_id)",
    "sitesearch_page_id_text": "ON wagtailcore_page (((id)::varchar(50)))",
    "sitesearch_page_depth_path": "ON wagtailcore_page (depth, path)",
    "sitesearch_indexentry_title_trgm": "ON wagtailsearch_indexentry USING gin (title_text gin_trgm_ops)",
    "sitesearch_indexentry_folded_title_trgm": (
        "ON wagtailsearch_indexentry USING gin (sitesearch_fold(title_text) gin_trgm_ops)"
    ),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(FOLD_FUNCTION_SQL)
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS sitesearch_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("sitesearch", "0002_trigram_indexes"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
