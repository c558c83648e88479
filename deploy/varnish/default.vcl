vcl 4.1;

# The shared cache in front of the site (docker-compose.yml's `varnish`; README, "How
# public pages are cached"). It keeps each public page as long as the site's
# Surrogate-Control says (30 s; never more than 60 s, vcl_backend_response), and a
# publish purges the pages it changed by their surrogate keys (xkey) at once, so
# millions of readers after a change cost the origin one render per page. A purge that
# is lost costs at most that lifetime: then Varnish asks the origin again with the
# copy's ETag, and a 304 (no render) renews it while nothing changed. If the origin
# goes down it keeps serving what it has for a day.
#
# It is also the buffering proxy in front of gunicorn: a request reaches the site only
# once Varnish has it whole, headers (timeouts in deploy/varnish/params) and body (at
# most 1 MB, vcl_recv below), so slow clients hold Varnish's threads, not the site's
# few workers (README, "Slow clients").
#
# The tests (tests/edge/varnish.py) run this very file against a test server, with
# the backends' host and port rewritten: keep `.host` and `.port` on lines of their own.

import std;
import xkey;

backend web {
    .host = "web";
    .port = "8000";
    .first_byte_timeout = 35s;  # gunicorn gives up on a request after 30 s
    # Healthy or not decides how long stale pages may be served (vcl_recv, req.grace).
    .probe = {
        .request =
            "GET /healthz HTTP/1.1"
            "Host: localhost"
            "X-Forwarded-Proto: https"
            "Connection: close";
        .interval = 2s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
        .initial = 3;
    }
}

# The same origin, unprobed: asked when the probe says `web` is down (vcl_backend_fetch).
# The probe decides how long stale copies are served and what /healthz says; it must not
# turn a page Varnish holds no copy of (purged by a change) into a 503 because a busy
# origin's /healthz missed the probe's 2 s in a spike. A stopped origin still fails at
# once: the connection is refused.
backend web_unprobed {
    .host = "web";
    .port = "8000";
    .first_byte_timeout = 35s;
}

# Who may purge: the worker's addresses. Purges are also taken only on the `purge`
# listener (`-a purge=:6091`), which is not published: a reader arriving through the
# TLS proxy comes from a private address too, but on the public listener.
acl purgers {
    "127.0.0.1";
    "::1";
    "172.30.0.0"/24;  # docker-compose.yml's network
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers || local.socket != "purge") {
            return (synth(403, "Not allowed"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        } elsif (req.http.xkey-softpurge) {
            set req.http.n-gone = xkey.softpurge(req.http.xkey-softpurge);
        } else {
            return (synth(400, "Name the keys in xkey-purge or xkey-softpurge"));
        }
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }

    # Whole pages only: they are small, and Varnish answers a passed request whose
    # Range is malformed or multi-part with its own bare error page.
    unset req.http.Range;
    unset req.http.If-Range;

    # The language is in the path (/pl/, /uk/, ...), never negotiated: no page reads
    # Accept-Language, so it never reaches the site, and a stray `Vary: Accept-Language`
    # can't split a language's page into a copy per browser setting. One copy per
    # language's address, which a purge by surrogate key drops with the English one.
    unset req.http.Accept-Language;

    # A request body (the admin's and the subscribe forms) is read whole before the
    # site sees the request, so a client trickling it holds a Varnish thread, never a
    # gunicorn worker; cached, it can also be sent again on a retried backend
    # connection. 1 MB at most: the site's own limit, DATA_UPLOAD_MAX_MEMORY_SIZE
    # (warstatus/settings.py; a test holds the two equal). A body declared larger is
    # refused before any of it is read; a chunked one once 1 MB has come. A body that
    # pauses longer than timeout_idle (deploy/varnish/params) fails here too, and
    # Varnish closes that connection without an answer.
    if (req.http.Content-Length || req.http.Transfer-Encoding) {
        if (std.integer(req.http.Content-Length, 0) > 1048576
            || !std.cache_req_body(1MB)) {
            return (synth(413, "The request body is larger than 1 MB, the most this site accepts."));
        }
    }

    # Through the cache the health check reports the origin, not the cache's copy.
    if (req.url ~ "^/healthz(\?|$)") {
        if (!std.healthy(req.backend_hint)) {
            return (synth(503, "Origin down"));
        }
        return (pass);
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }

    # Tracking parameters make no different page: drop them, and sort the rest, so
    # they don't split the cache into a copy per link shared.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "(?i)([?&])(utm_[a-z0-9_]*|fbclid|gclid)(=[^&]*)?(?=&|$)", "\1");
        set req.url = regsuball(req.url, "&{2,}", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
    }

    # One copy for gzip and one for the rest (Varnish compresses and decompresses
    # itself), whatever spelling of Accept-Encoding a browser sends.
    if (req.http.Accept-Encoding) {
        if (req.http.Accept-Encoding ~ "(?i)\bgzip\b") {
            set req.http.Accept-Encoding = "gzip";
        } else {
            unset req.http.Accept-Encoding;
        }
    }

    # A signed-in editor (a session) or anything the site flashes (messages) goes to
    # the origin, uncached. No other cookie changes a public page (the CSRF token,
    # analytics, or one a visitor makes up to get past the cache): drop them all.
    if (req.http.Cookie) {
        if (req.http.Cookie ~ "(^|;)\s*(sessionid|messages)=") {
            return (pass);
        }
        unset req.http.Cookie;
    }

    # Healthy origin: a copy past its lifetime is served for 10 s while it is fetched
    # anew. Origin down: served for up to a day (beresp.grace).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.host);
    # Plain HTTP gets a redirect to HTTPS: never the same copy as the page.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_hit {
    set req.http.X-Cache = "HIT";
    if (obj.ttl <= 0s) {
        set req.http.X-Cache = "HIT-STALE";
    }
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_backend_fetch {
    if (!std.healthy(bereq.backend)) {
        set bereq.backend = web_unprobed;
    }
}

sub vcl_backend_response {
    # The site's surrogate keys become xkey's, so a purge by key finds the page.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # Never keep what is meant for one visitor, or sets a cookie.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || beresp.http.Vary == "*") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.http.Surrogate-Control ~ "(?i)max-age=[0-9]+") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "(?i)^.*max-age=([0-9]+).*$", "\1s"), 0s);
    } elsif (!beresp.http.Cache-Control && !beresp.http.Expires) {
        # The origin said nothing about caching: don't guess.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    unset beresp.http.Surrogate-Control;
    # The freshness bound (README, "How fresh"): whatever a response says, a page is
    # asked for again within a minute, so a lost purge can't keep an old verdict
    # longer. Static files carry their content's hash in their name: kept as said.
    if (beresp.ttl > 60s && bereq.url !~ "^/static/") {
        set beresp.ttl = 60s;
    }
    if (beresp.ttl <= 0s) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Public text compressed once here (the site sends it as it is): a reader on a slow
    # line gets the home page in about a third of the bytes. Only what is kept for
    # everyone: a page meant for one visitor (an editor's, with its CSRF token) left
    # above, uncompressed, so no secret shares a compressed answer with what a
    # visitor sent (BREACH). Varnish weakens the ETag (W/"..."), which the site's
    # If-None-Match compares weakly, so a revalidation is still a 304.
    if (!beresp.http.Content-Encoding
        && beresp.http.Content-Type ~ "(?i)^(text/|application/(json|xml|atom\+xml|rss\+xml|javascript)|image/svg\+xml)") {
        set beresp.do_gzip = true;
    }
    # Kept past its lifetime, for when the origin is down (see vcl_recv), and as the
    # copy whose ETag a revalidation sends (If-None-Match: a 304 renews it).
    set beresp.grace = 1d;
    return (deliver);
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.X-Cache;
    # The keys are the cache's business; the reader gets the page and its validators.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    unset resp.http.Surrogate-Control;
    unset resp.http.Via;
    unset resp.http.Server;
    # Which cache answered is nobody's business (X-Cache says hit or miss).
    unset resp.http.X-Varnish;
    call security_headers;
}

# The site's own headers on what Varnish answers itself (errors, refusals), where the
# origin's are missing.
sub security_headers {
    if (!resp.http.X-Content-Type-Options) {
        set resp.http.X-Content-Type-Options = "nosniff";
        set resp.http.X-Frame-Options = "DENY";
        set resp.http.Referrer-Policy = "same-origin";
        set resp.http.Content-Security-Policy = "default-src 'none'; frame-ancestors 'none'";
    }
}

sub vcl_synth {
    set resp.http.X-Cache = "SYNTH";
    set resp.http.Cache-Control = "no-store";
    unset resp.http.Server;
    unset resp.http.X-Varnish;
    call security_headers;
    # A refused body (vcl_recv): say why in a sentence, and close the connection rather
    # than read the rest of a body nobody will use.
    if (resp.status == 413) {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.http.Connection = "close";
        set resp.body = resp.reason + {"
"};
        set resp.reason = "Content Too Large";
        return (deliver);
    }
}

# The origin could not be reached and no stale copy was left: one plain sentence, not
# Varnish's own page naming the software.
sub vcl_backend_error {
    set beresp.http.Content-Type = "text/plain; charset=utf-8";
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.Retry-After = "5";
    set beresp.body = {"The site is not answering just now. Please try again in a minute.
"};
    return (deliver);
}
