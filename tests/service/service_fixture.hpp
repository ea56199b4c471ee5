#pragma once
// A use case's world for unit tests: a fresh SQLite store in a temp directory, a clock the test
// moves by hand, default rules, and a sink that records what the use cases reported.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../store/temp_dir.hpp"
#include "domain/time.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/open_store.hpp"

namespace tribune::service::testing {

class ManualClock final : public domain::Clock {
public:
    explicit ManualClock(domain::Time start) : now_(start) {}
    domain::Time now() const override { return now_; }
    void advance(std::chrono::microseconds by) { now_ += by; }

private:
    domain::Time now_;
};

class RecordingSink final : public EventSink {
public:
    void comment_changed(CommentChange what, const domain::Comment& c) override { comments.emplace_back(what, c); }
    void thread_changed(const std::string& page) override { threads.push_back(page); }
    void article_changed(const domain::Article& a) override { articles.push_back(a); }
    void live_update_changed(LiveUpdateChange what, const domain::Article&, const domain::LiveUpdate& u) override {
        live_updates.emplace_back(what, u);
    }
    void coverage_changed(const domain::Article& a) override { coverage.push_back(a.live); }

    std::vector<std::pair<CommentChange, domain::Comment>> comments;
    std::vector<std::pair<LiveUpdateChange, domain::LiveUpdate>> live_updates;
    std::vector<std::string> threads;
    std::vector<domain::Article> articles;
    std::vector<bool> coverage;  // the live flag of each coverage change, in order
};

class ServiceTest : public ::testing::Test {
protected:
    ServiceTest() : clock(domain::parse_rfc3339("2026-03-01T12:00:00Z").value()), guards(RateRules{}) {
        auto opened = store::open_store("sqlite://" + (dir.path() / "t.db").string());
        if (!opened) throw std::runtime_error(opened.error().message);
        db = std::move(*opened);
        guards.set_node_key("test-salt");
    }

    Context ctx() { return Context{*db, clock, rules, guards, sink}; }

    static Actor reader(std::string token_hash = {}) {
        Actor a;
        a.viewer.author_token_hash = std::move(token_hash);
        a.credentials = !a.viewer.author_token_hash.empty();
        a.client_ip = "192.0.2.1";
        return a;
    }

    Actor staff(domain::Role role, std::string name = "Mo") {
        domain::NewUser u{name + "@example.org", name, role, "x", clock.now(), false, ""};
        auto user = db->insert_user(u);
        EXPECT_TRUE(user) << user.error().message;
        Actor a;
        a.viewer.role = role;
        a.viewer.user_id = user->id;
        a.viewer.name = name;
        a.credentials = true;
        a.session = true;
        a.client_ip = "192.0.2.9";
        return a;
    }

    store::testing::TempDir dir;
    std::unique_ptr<store::Store> db;
    ManualClock clock;
    Rules rules;
    Safeguards guards;
    RecordingSink sink;
};

}  // namespace tribune::service::testing
