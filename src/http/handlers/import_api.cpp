// The desk's import (admins; docs/openapi.yaml "Imports"): POST /api/v1/imports declares the
// file, PUT .../chunks/{n} appends its pieces (each a request of at most max_body_bytes, so no
// upload is ever held whole in memory), POST .../start runs it on this node's import thread
// (http/import_jobs.hpp), GET polls it, GET .../report downloads the JSON report, DELETE cancels
// it. The page GET /admin/import drives them (web/desk.js).
#include <boost/json.hpp>

#include <charconv>

#include "http/handlers/desk_support.hpp"
#include "http/handlers/handlers.hpp"
#include "http/import_jobs.hpp"
#include "http/problem.hpp"
#include "portability/comment_formats.hpp"
#include "render/desk_pages.hpp"

namespace tribune::http::import_api {
namespace {

using domain::ErrorCode;
using domain::make_error;

// File names are shown and audited: bounded, and without control characters.
constexpr std::size_t kMaxFileName = 255;

Response private_json(int status, std::string body) {
    Response r = json_response(status, std::move(body));
    r.set("Cache-Control", "no-store");
    return r;
}

Response unavailable() {
    return problem(make_error(ErrorCode::kUnavailable, "Import unavailable", "this server does not take imports"));
}

std::string encode(const ImportStatus& s, const ImportJobs& jobs) {
    boost::json::object o{{"id", s.id},
                          {"state", std::string(state_name(s.state))},
                          {"format", s.settings.format},
                          {"file_name", s.settings.file_name},
                          {"size", s.settings.size},
                          {"dry_run", s.settings.dry_run},
                          {"page_key", s.settings.whole_url ? "url" : "path"},
                          {"map", s.settings.map},
                          {"received", s.received},
                          {"chunks", s.chunks},
                          {"chunk_bytes", jobs.chunk_bytes()},
                          {"bytes_read", s.bytes_read},
                          {"items_read", s.items_read}};
    if (s.cancel_requested) o["cancel_requested"] = true;
    if (s.total) {
        o["summary"] = s.summary;
        boost::json::array notes;
        for (const auto& n : s.notes) notes.emplace_back(n);
        o["messages"] = std::move(notes);
        o["total"] = boost::json::parse(portability::counts_json(*s.total));
        o["report_url"] = "/api/v1/imports/" + s.id + "/report";
    }
    if (!s.error.empty()) o["error"] = s.error;
    return boost::json::serialize(o);
}

domain::Error field_error(std::string field, std::string message) {
    return make_error(ErrorCode::kInvalid, "Invalid import", message, {{std::move(field), message}});
}

domain::Result<ImportSettings> decode_settings(std::string_view body) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return make_error(ErrorCode::kMalformed, "Malformed JSON", "send a JSON object");
    const auto& o = v.as_object();
    ImportSettings s;
    const auto* format = o.if_contains("format");
    if (!format || !format->is_string()) return field_error("format", "name the file's format");
    s.format = std::string(format->as_string());
    const auto* name = o.if_contains("file_name");
    if (name && !name->is_string()) return field_error("file_name", "a string");
    if (name) s.file_name = std::string(name->as_string());
    if (s.file_name.size() > kMaxFileName) return field_error("file_name", "at most 255 bytes");
    for (char c : s.file_name)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return field_error("file_name", "no control characters");
    const auto* size = o.if_contains("size");
    if (!size || !(size->is_int64() || size->is_uint64()) || (size->is_int64() && size->as_int64() < 0))
        return field_error("size", "the file's size in bytes");
    s.size = size->is_int64() ? static_cast<std::uint64_t>(size->as_int64()) : size->as_uint64();
    if (const auto* dry = o.if_contains("dry_run")) {
        if (!dry->is_bool()) return field_error("dry_run", "true or false");
        s.dry_run = dry->as_bool();
    }
    if (const auto* key = o.if_contains("page_key")) {
        if (!key->is_string() || (key->as_string() != "path" && key->as_string() != "url"))
            return field_error("page_key", "path or url");
        s.whole_url = key->as_string() == "url";
    }
    if (const auto* map = o.if_contains("map")) {
        if (!map->is_string() || map->as_string().size() > 2048) return field_error("map", "OLD_PREFIX=NEW_PREFIX");
        s.map = std::string(map->as_string());
    }
    return s;
}

std::optional<std::uint64_t> chunk_number(std::string_view text) {
    std::uint64_t n = 0;
    if (text.empty() || text.size() > 9) return std::nullopt;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return n;
}

}  // namespace

Response create(Site& site, Request& req, const Identity& who) {
    if (!site.imports) return unavailable();
    auto settings = decode_settings(req.body);
    if (!settings) return problem(settings.error());
    auto job = site.imports->create(who, std::move(*settings));
    if (!job) return problem(job.error());
    Response r = private_json(201, encode(*job, *site.imports));
    r.set("Location", "/api/v1/imports/" + job->id);
    return r;
}

Response chunk(Site& site, Request& req, const Identity&) {
    if (!site.imports) return unavailable();
    auto n = chunk_number(req.path_params[1]);
    if (!n) return problem(make_error(ErrorCode::kNotFound, "No such chunk", "chunks are numbered from 0"));
    auto job = site.imports->append(req.path_params[0], *n, req.body);
    if (!job) return problem(job.error());
    return private_json(200, encode(*job, *site.imports));
}

Response start(Site& site, Request& req, const Identity& who) {
    if (!site.imports) return unavailable();
    auto job = site.imports->start(req.path_params[0], who);
    if (!job) return problem(job.error());
    return private_json(202, encode(*job, *site.imports));
}

Response cancel(Site& site, Request& req, const Identity&) {
    if (!site.imports) return unavailable();
    auto job = site.imports->cancel(req.path_params[0]);
    if (!job) return problem(job.error());
    // A running import ends at its next item: 202 until then (poll GET for "cancelled").
    return private_json(job->state == ImportState::kRunning ? 202 : 200, encode(*job, *site.imports));
}

Response status(Site& site, Request& req, const Identity&) {
    if (!site.imports) return unavailable();
    auto job = site.imports->status(req.path_params[0]);
    if (!job) return problem(job.error());
    return private_json(200, encode(*job, *site.imports));
}

Response report(Site& site, Request& req, const Identity&) {
    if (!site.imports) return unavailable();
    auto json = site.imports->report(req.path_params[0]);
    if (!json) return problem(json.error());
    Response r = private_json(200, std::move(*json));
    r.set("Content-Disposition", "attachment; filename=\"tribune-import-report.json\"");
    r.set("X-Content-Type-Options", "nosniff");
    return r;
}

Response page(Site& site, Request& req, const Identity& who) {
    desk::Desk d = desk::open_desk(site.services, req, who);
    d.frame.section = render::DeskSection::kImport;
    render::DeskImportView v;
    v.frame = d.frame;
    for (const auto& f : portability::comment_formats()) {
        v.formats.emplace_back(f.name, f.title);
        if (!f.page_keys) v.without_page_keys.emplace_back(f.name);
    }
    v.formats.emplace_back(kTribuneFormat, kTribuneTitle);
    v.without_page_keys.emplace_back(kTribuneFormat);
    if (site.imports) {
        v.max_bytes = site.imports->max_bytes();
        if (auto current = site.imports->current(); current) v.current_id = current->id;
    }
    return desk::desk_html(200, render::desk_import_page(v));
}

}  // namespace tribune::http::import_api
