-- One schema and one user per service (DESIGN.md: no service reads another's tables).
-- Laptop-only passwords; each user gets the cluster's privileges on its own schema
-- (SERVICE_GRANTS in libs/catalog) and nothing else.
-- BEGIN schemas (generated from libs/catalog by `npx nx sync`: edit the catalog)
CREATE DATABASE IF NOT EXISTS auth CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE USER IF NOT EXISTS 'auth'@'%' IDENTIFIED BY 'auth-dev-password';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON auth.* TO 'auth'@'%';

CREATE DATABASE IF NOT EXISTS todo CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE USER IF NOT EXISTS 'todo'@'%' IDENTIFIED BY 'todo-dev-password';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON todo.* TO 'todo'@'%';

CREATE DATABASE IF NOT EXISTS chat CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE USER IF NOT EXISTS 'chat'@'%' IDENTIFIED BY 'chat-dev-password';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON chat.* TO 'chat'@'%';

CREATE DATABASE IF NOT EXISTS pipeline CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE USER IF NOT EXISTS 'consumer'@'%' IDENTIFIED BY 'consumer-dev-password';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON pipeline.* TO 'consumer'@'%';
-- END schemas
