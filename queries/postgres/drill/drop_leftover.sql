-- A scratch database a killed drill left behind; without FORCE, so one a person is
-- looking into stays (the drop fails while anyone is connected to it).
DROP DATABASE IF EXISTS {database}
