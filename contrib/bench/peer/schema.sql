-- The peer's tables (MariaDB), as a PHP job portal would keep the same data:
-- the vacancy with its employer's name beside it (a FULLTEXT index spans
-- one table), the regions and organisations it joins, the cards and their
-- holders.  Loaded from the generated sidakerd database by export.py; the
-- full-text index and the card number's are made after the load (peer.sh).
CREATE TABLE region (
  code VARCHAR(16) PRIMARY KEY,
  name VARCHAR(128) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE organisation (
  account_id BIGINT PRIMARY KEY,
  legal_name VARCHAR(255) NOT NULL,
  employer_type VARCHAR(32) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE vacancy (
  id BIGINT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  state VARCHAR(16) NOT NULL,
  title VARCHAR(255) NOT NULL,
  kbji CHAR(4) NOT NULL,
  description TEXT NOT NULL,
  needed_men INT NOT NULL,
  needed_women INT NOT NULL,
  needed_either INT NOT NULL,
  valid_until DATE NOT NULL,
  age_min INT NULL,
  age_max INT NULL,
  gender VARCHAR(3) NOT NULL,
  min_education VARCHAR(16) NOT NULL,
  education_rank INT NOT NULL,
  skills TEXT NOT NULL,
  skills_text TEXT NOT NULL,
  experience_years INT NOT NULL,
  wage_min BIGINT NULL,
  wage_max BIGINT NULL,
  location_kind VARCHAR(12) NOT NULL,
  location_code VARCHAR(16) NULL,
  kabkota_code VARCHAR(8) NULL,
  employment_type VARCHAR(16) NOT NULL,
  work_setup VARCHAR(8) NOT NULL,
  disability_friendly TINYINT NOT NULL,
  organisation_listed TINYINT NOT NULL,
  contact VARCHAR(255) NULL,
  published_at BIGINT NULL,
  employer VARCHAR(255) NOT NULL,
  KEY vacancy_listing (state, organisation_listed, published_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE seeker (
  id BIGINT PRIMARY KEY,
  full_name VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE card (
  id BIGINT PRIMARY KEY,
  number VARCHAR(32) NOT NULL,
  number_key VARCHAR(32) NOT NULL,
  seeker_id BIGINT NOT NULL,
  state VARCHAR(16) NOT NULL,
  valid_until DATE NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
