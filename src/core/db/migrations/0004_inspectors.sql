-- Inspector accounts and their admin-console sessions, the failed logins that rate-limit sign-in
-- across every process, and the audit log of what inspectors and operators did.

CREATE TABLE inspectors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Stored lowercased, so that uniqueness and look-ups ignore the case people type.
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  name text,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('inspector', 'admin')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Only the sha256 of a session token is kept: a leaked table opens no session.
CREATE TABLE admin_sessions (
  token_hash text PRIMARY KEY,
  inspector_id uuid NOT NULL REFERENCES inspectors (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX admin_sessions_inspector ON admin_sessions (inspector_id) WHERE revoked_at IS NULL;
CREATE INDEX admin_sessions_expires ON admin_sessions (expires_at);

CREATE TABLE login_failures (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  address text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX login_failures_by_email ON login_failures (email, at);
CREATE INDEX login_failures_by_address ON login_failures (address, at);
CREATE INDEX login_failures_at ON login_failures (at);

-- inspector_id is null for actions taken outside a session (the command line).
CREATE TABLE audit_log (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  inspector_id uuid REFERENCES inspectors (id),
  action text NOT NULL,
  target text,
  details jsonb
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_inspector ON audit_log (inspector_id, at);
