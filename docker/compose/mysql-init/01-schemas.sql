-- One schema and one user per service (DESIGN.md: no service reads another's tables).
-- Laptop-only passwords; each user gets every privilege on its own schema and nothing else.
CREATE DATABASE IF NOT EXISTS pipeline CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE USER IF NOT EXISTS 'consumer'@'%' IDENTIFIED BY 'consumer-dev-password';
GRANT ALL PRIVILEGES ON pipeline.* TO 'consumer'@'%';

CREATE DATABASE IF NOT EXISTS auth CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE USER IF NOT EXISTS 'auth'@'%' IDENTIFIED BY 'auth-dev-password';
GRANT ALL PRIVILEGES ON auth.* TO 'auth'@'%';

CREATE DATABASE IF NOT EXISTS todo CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE USER IF NOT EXISTS 'todo'@'%' IDENTIFIED BY 'todo-dev-password';
GRANT ALL PRIVILEGES ON todo.* TO 'todo'@'%';

CREATE DATABASE IF NOT EXISTS chat CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE USER IF NOT EXISTS 'chat'@'%' IDENTIFIED BY 'chat-dev-password';
GRANT ALL PRIVILEGES ON chat.* TO 'chat'@'%';
