-- ARGV: as create_session (session-common) reads them.
if not create_session() then return { EXISTS } end
return snapshot(OK, {})
