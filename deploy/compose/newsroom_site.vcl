# The site's part of the edge's configuration for compose.yaml (deploy/varnish/default.vcl
# includes it): the web service as the backend, the application's containers as the
# only purgers. Put the same token here as in PURGE_TOKEN before starting the stack.

backend default {
    .host = "web";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/healthz";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# Resolved when the configuration loads: the worker purges (background jobs).
acl newsroom_purgers {
    "worker";
    "localhost";
}

sub newsroom_purge_token {
    set req.http.X-Edge-Expected-Token = "change-me-to-the-PURGE_TOKEN-of-compose";
}
