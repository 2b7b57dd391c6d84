-- Run once by the postgres image on an empty data directory (deploy/compose.yaml):
-- the database of Rasa's tracker store (RASA_TRACKER_DB), owned by the role of POSTGRES_USER.
CREATE DATABASE frontdoor_tracker OWNER frontdoor;
