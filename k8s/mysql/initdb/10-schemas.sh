# Runs once, when the MySQL data volume is empty (the image's /docker-entrypoint-initdb.d).
# One schema and one user per service; no service can read another's tables.
# The services and their privileges come from the service catalog (libs/catalog): a new
# service's schema needs its <USER>_DB_PASSWORD key in the Secret `mysql-secrets`. On a
# cluster whose volume already exists, run the same SQL by hand (k8s/README.md shows how) or
# recreate the volume.
create_service_schema() { # schema user password
  docker_process_sql <<SQL
CREATE DATABASE IF NOT EXISTS \`$1\`;
CREATE USER IF NOT EXISTS '$2'@'%' IDENTIFIED BY '$3';
GRANT $SERVICE_GRANTS ON \`$1\`.* TO '$2'@'%';
SQL
  echo "initdb: schema $1 with user $2"
}

# BEGIN schemas (generated from libs/catalog by `npx nx sync`: edit the catalog)
SERVICE_GRANTS='SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES'
create_service_schema auth auth "$AUTH_DB_PASSWORD"
create_service_schema todo todo "$TODO_DB_PASSWORD"
create_service_schema chat chat "$CHAT_DB_PASSWORD"
create_service_schema pipeline consumer "$CONSUMER_DB_PASSWORD"
# END schemas
