-- Every name the catalog queries print is schema-qualified.
SELECT set_config('search_path', '', true)
