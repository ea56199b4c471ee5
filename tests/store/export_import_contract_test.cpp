// The whole-store export/import and summary contract (`tribune migrate-store`): every engine
// exports what it holds exactly, and imports what any engine exported, keeping ids, statuses,
// histories, counts, Unicode and microsecond times.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/common/store_export.hpp"
#include "store/common/summary.hpp"
#include "article_helpers.hpp"
#include "store_factories.hpp"

namespace tribune::store {
namespace {

using domain::Article;
using domain::Comment;
using domain::CommentId;
using domain::CommentStatus;
using domain::ErrorCode;
using domain::NewComment;
using domain::Role;

const domain::Time kT0 = domain::from_micros(1'773'550'380'123'457);  // odd microseconds
constexpr std::string_view kImportSource = "disqus:köln-forum";

NewComment comment(std::string page, std::string text, CommentStatus status,
                   std::optional<CommentId> parent = std::nullopt) {
    NewComment c;
    c.page = std::move(page);
    c.parent_id = parent;
    c.author.name = "Zoë 👋";
    c.author_token_hash = "hash-ü-" + c.page;
    c.text = std::move(text);
    c.status = status;
    c.created_at = kT0 + std::chrono::microseconds(13);
    return c;
}

void expect_same(const Comment& a, const Comment& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.page, b.page);
    EXPECT_EQ(a.parent_id, b.parent_id);
    EXPECT_EQ(a.author.name, b.author.name);
    EXPECT_EQ(a.author.role, b.author.role);
    EXPECT_EQ(a.author.user_id, b.author.user_id);
    EXPECT_EQ(a.author_token_hash, b.author_token_hash);
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.status, b.status) << "comment " << a.id;
    EXPECT_EQ(a.created_at, b.created_at);
    EXPECT_EQ(a.edited_at, b.edited_at);
    EXPECT_EQ(a.reply_count, b.reply_count) << "comment " << a.id;
    EXPECT_EQ(a.open_reports, b.open_reports) << "comment " << a.id;
}

void expect_same(const domain::Report& a, const domain::Report& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.comment_id, b.comment_id);
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.reporter, b.reporter);
    EXPECT_EQ(a.created_at, b.created_at);
    EXPECT_EQ(a.resolved, b.resolved) << "report " << a.id;
}

void expect_same(const domain::Ban& a, const domain::Ban& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.value, b.value);
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.created_by, b.created_by);
    EXPECT_EQ(a.created_at, b.created_at);
    EXPECT_EQ(a.expires_at, b.expires_at) << "ban " << a.id;
    EXPECT_EQ(a.lifted, b.lifted) << "ban " << a.id;
}

void expect_same(const domain::AuditEntry& a, const domain::AuditEntry& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.at, b.at);
    EXPECT_EQ(a.actor_user_id, b.actor_user_id);
    EXPECT_EQ(a.actor, b.actor);
    EXPECT_EQ(a.action, b.action);
    EXPECT_EQ(a.target, b.target);
    EXPECT_EQ(a.before, b.before);
    EXPECT_EQ(a.after, b.after);
}

template <class T>
void expect_same_lists(const Result<std::vector<T>>& a, const Result<std::vector<T>>& b) {
    ASSERT_TRUE(a.has_value());
    ASSERT_TRUE(b.has_value());
    ASSERT_EQ(a->size(), b->size());
    for (std::size_t i = 0; i < a->size(); ++i) expect_same((*a)[i], (*b)[i]);
}

// The pages and keys fill() gives a policy or a setting, and one it does not.
const std::vector<std::string> kPolicyPages{"/articles/grüße-aus-köln", "/other", "/none"};
const std::vector<std::string> kSettingKeys{"policy.moderation", "policy.banned_words", "missing"};

void expect_same(const Article& a, const Article& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.slug, b.slug);
    EXPECT_EQ(a.title, b.title);
    EXPECT_EQ(a.summary, b.summary);
    EXPECT_EQ(a.authors, b.authors);
    EXPECT_EQ(a.section, b.section);
    EXPECT_EQ(a.tags, b.tags);
    EXPECT_EQ(a.body_markdown, b.body_markdown);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.published_at, b.published_at);
    EXPECT_EQ(a.updated_at, b.updated_at);
    EXPECT_EQ(a.created_at, b.created_at);
    EXPECT_EQ(a.revision, b.revision);
    EXPECT_EQ(a.page_key(), b.page_key());
    EXPECT_EQ(a.live, b.live);
    EXPECT_EQ(a.corrections, b.corrections);
    ASSERT_EQ(a.media.has_value(), b.media.has_value());
    if (!a.media) return;
    EXPECT_EQ(a.media->kind, b.media->kind);
    EXPECT_EQ(a.media->url, b.media->url);
    EXPECT_EQ(a.media->mime_type, b.media->mime_type);
    EXPECT_EQ(a.media->duration_seconds, b.media->duration_seconds);
    EXPECT_EQ(a.media->caption, b.media->caption);
    EXPECT_EQ(a.media->alt, b.media->alt);
    EXPECT_EQ(a.media->credit, b.media->credit);
    EXPECT_EQ(a.media->width, b.media->width);
    EXPECT_EQ(a.media->height, b.media->height);
}

// An ImportSource that yields one batch, then fails.
class FailingSource final : public ImportSource {
public:
    explicit FailingSource(ExportBatch first) : first_(std::move(first)) {}
    Result<std::optional<ExportBatch>> next() override {
        if (first_) {
            auto b = std::move(*first_);
            first_.reset();
            return std::optional<ExportBatch>(std::move(b));
        }
        return domain::make_error(ErrorCode::kUnavailable, "Source lost");
    }

private:
    std::optional<ExportBatch> first_;
};

template <class Factory>
class ExportImportContract : public ::testing::Test {
protected:
    void SetUp() override { source_ = factory_.open(); }

    Store& source() { return *source_; }

    // A store with every kind of row: articles with and without media, comments of every status,
    // replies, an edited comment with its history, a deleted one (history gone), a tombstone with
    // an approved reply, a staff author, Unicode everywhere; and the moderation tables (fill_moderation).
    // Returns every comment id.
    std::vector<CommentId> fill() {
        Article a;
        a.slug = "grüße-aus-köln";
        a.title = "Grüße 👋 — 日本語";
        a.summary = "Sommaire « cité »";
        a.authors = {{"Ariela Tomson", "ariela-tomson"}, {"Jörg Ñandú", "jorg-nandu"}};
        a.section = domain::NamedRef{"Städte", "stadte"};
        a.tags = {{"Köln", "koln"}, {"Reisen", "reisen"}};
        a.body_markdown = "# Über\n\n*Text* with \"quotes\" and <b>tags</b>.";
        a.published_at = a.updated_at = a.created_at = kT0;
        domain::Media m{"video", "/media/clip.mp4", "video/mp4", 293, "Légende", "Alt « text »", "© Ariela", 1280, 720};
        a.media = m;
        auto first = insert_article(source(), a);
        EXPECT_TRUE(first.has_value());
        // A second version under a new slug: two revisions, and the old slug redirects.
        if (first) {
            Article renamed = *first;
            renamed.slug = "gruesse-aus-koeln";
            renamed.status = domain::ArticleStatus::kUnpublished;
            renamed.updated_at = kT0 + std::chrono::seconds(5);
            EXPECT_TRUE(insert_article(source(), renamed).has_value());
        }
        Article b = a;
        b.slug = "plain";
        b.media.reset();
        b.section.reset();
        b.tags.clear();
        b.published_at = b.updated_at = b.created_at = kT0 + std::chrono::microseconds(1);
        auto plain = insert_article(source(), b);
        EXPECT_TRUE(plain.has_value());
        // Live coverage: the flag and a correction travel with the article, the update on its own.
        if (plain) {
            EXPECT_TRUE(source().set_article_live(plain->id, true).has_value());
            EXPECT_TRUE(source().add_correction(plain->id, {0, kT0 + std::chrono::seconds(9), "Fixed « this ».", "ed"}).has_value());
            domain::LiveUpdate u;
            u.article_id = plain->id;
            u.posted_at = kT0 + std::chrono::seconds(8);
            u.posted_by = "ed";
            u.body_markdown = "**Update** 👋";
            EXPECT_TRUE(source().add_live_update(u).has_value());
        }

        std::vector<CommentId> ids;
        auto add = [&](const NewComment& c) {
            auto r = source().insert_comment(c);
            EXPECT_TRUE(r.has_value());
            ids.push_back(r ? r->id : 0);
            return r ? r->id : 0;
        };
        const std::string page = "/articles/grüße-aus-köln";
        NewComment opening = comment(page, "Erster 🎉", CommentStatus::kApproved);
        opening.author_email = "erster@example.org";  // with what its poster asked to be mailed
        opening.notify = kNotifyReplies | kNotifyApproval;
        const CommentId top = add(opening);
        add(comment(page, "pending one", CommentStatus::kPending));
        const CommentId rejected = add(comment(page, "to reject", CommentStatus::kApproved));
        const CommentId spam = add(comment(page, "to spam", CommentStatus::kPending));
        add(comment(page, "reply ✓", CommentStatus::kApproved, top));
        add(comment(page, "pending reply", CommentStatus::kPending, top));
        NewComment staff = comment("/other", "from the desk", CommentStatus::kApproved);
        staff.author = domain::Author{"Mod", Role::kModerator, 7, "Team 🛡", true};
        const CommentId edited = add(staff);
        const CommentId tomb = add(comment("/other", "will be a tombstone", CommentStatus::kApproved));
        add(comment("/other", "keeps the tombstone", CommentStatus::kApproved, tomb));
        const CommentId gone = add(comment("/other", "will be deleted", CommentStatus::kApproved));
        EXPECT_TRUE(source().set_status(rejected, CommentStatus::kRejected, std::nullopt).has_value());
        EXPECT_TRUE(source().set_status(spam, CommentStatus::kSpam, std::nullopt).has_value());
        EXPECT_TRUE(source().edit_comment(edited, "second", kT0 + std::chrono::microseconds(21), "author", std::nullopt));
        EXPECT_TRUE(source().edit_comment(edited, "third ✍", kT0 + std::chrono::microseconds(35), "Mod", std::nullopt));
        EXPECT_TRUE(source().edit_comment(gone, "edited before deletion", kT0, "author", std::nullopt));
        EXPECT_TRUE(source().delete_comment(gone).has_value());
        EXPECT_TRUE(source().delete_comment(tomb).has_value());
        fill_imported(ids);
        fill_moderation(top, rejected);
        return ids;
    }

    // What an import remembers: a thread, a comment with its email, a reply whose parent never came
    // (pending), an article, and an old path.
    void fill_imported(std::vector<CommentId>& ids) {
        EXPECT_TRUE(source().remember_threads(kImportSource, {{"t-1", "/imported/ü"}}).has_value());
        ImportedComment first;
        first.source_id = "c-1";
        first.page = "/imported/ü";
        first.author_name = "Ünal";
        first.author_email = "unal@example.org";
        first.text = "imported ✓";
        first.created_at = kT0 + std::chrono::microseconds(3);
        ImportedComment orphan = first;
        orphan.source_id = "c-2";
        orphan.parent_source_id = "c-never";
        orphan.author_email.clear();
        auto added = source().add_imported_comments(kImportSource, {first, orphan});
        EXPECT_TRUE(added.has_value());
        if (added)
            for (const auto& r : *added) ids.push_back(r.id);
        EXPECT_TRUE(source().remember_item(kImportSource, "article", "post-9", {1, "/articles/grüße-aus-köln"}));
        EXPECT_TRUE(source().add_path_redirect({"/2019/06/gr%C3%BC%C3%9Fe", "/articles/grüße-aus-köln"}));
    }

    // The import memory came along: the same ids answer, the email and the pending parent are
    // kept, and a later import of the same file adds nothing while a new comment gets a fresh id.
    void expect_import_memory_copied(Store& target) {
        auto ids = target.imported_comments(kImportSource, {"c-1", "c-2"});
        ASSERT_TRUE(ids.has_value());
        EXPECT_EQ(*ids, *source().imported_comments(kImportSource, {"c-1", "c-2"}));
        ASSERT_TRUE((*ids)[0].has_value());
        auto pages = target.thread_pages(kImportSource, {"t-1"});
        ASSERT_TRUE(pages.has_value());
        EXPECT_EQ((*pages)[0], std::optional<std::string>("/imported/ü"));
        auto pending = target.pending_parents(kImportSource, 0, 10);
        ASSERT_TRUE(pending.has_value());
        ASSERT_EQ(pending->size(), 1u);
        EXPECT_EQ(pending->front().parent_source_id, "c-never");
        auto item = target.remembered_item(kImportSource, "article", "post-9");
        ASSERT_TRUE(item.has_value());
        ASSERT_TRUE(item->has_value());
        EXPECT_EQ((*item)->page, "/articles/grüße-aus-köln");
        auto old = target.path_redirect("/2019/06/gr%C3%BC%C3%9Fe");
        ASSERT_TRUE(old.has_value());
        EXPECT_EQ(*old, std::optional<std::string>("/articles/grüße-aus-köln"));
        auto comments = target.export_batch(ExportTable::kComments, *(*ids)[0] - 1, 1);
        ASSERT_TRUE(comments.has_value());
        const auto& rows = std::get<std::vector<CommentRecord>>(*comments);
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(rows[0].author_email, "unal@example.org");

        ImportedComment again;
        again.source_id = "c-1";
        again.page = "/imported/ü";
        again.author_name = "Ünal";
        again.text = "imported ✓";
        again.created_at = kT0;
        ImportedComment fresh = again;
        fresh.source_id = "c-3";
        auto added = target.add_imported_comments(kImportSource, {again, fresh});
        ASSERT_TRUE(added.has_value()) << added.error().message;
        ASSERT_EQ(added->size(), 2u);
        EXPECT_FALSE((*added)[0].added);
        EXPECT_TRUE((*added)[1].added);
    }

    // Two accounts (one disabled, one verified with a badge), open and resolved reports, bans with and without expiry and a
    // lifted one, audit entries with and without an actor account, two thread policies (one with
    // every override unset but `closed`), two settings.
    void fill_moderation(CommentId reported, CommentId reviewed) {
        domain::NewUser admin{"ariela@example.org", "Ariela Tömson", Role::kAdmin,
                              "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo", kT0, true, "Herausgeberin"};
        auto a = source().insert_user(admin);
        ASSERT_TRUE(a.has_value());
        domain::NewUser mod{"mod@example.org", "Mod 🛡", Role::kModerator, "$argon2id$v=19$other",
                            kT0 + std::chrono::microseconds(3), false, ""};
        auto m = source().insert_user(mod);
        ASSERT_TRUE(m.has_value());
        m->disabled = true;
        ASSERT_TRUE(source().update_user(*m).has_value());

        const domain::Time at = kT0 + std::chrono::microseconds(101);
        ASSERT_TRUE(source().add_report(reported, "Beleidigung ✋", "t:hash-ü", "", at).has_value());
        ASSERT_TRUE(source().add_report(reported, "spam", "u:" + std::to_string(a->id), "", at).has_value());
        ASSERT_TRUE(source().add_report(reviewed, "off topic", "ip:abc", "", at).has_value());
        ASSERT_TRUE(source().resolve_reports(reviewed).has_value());
        ASSERT_TRUE(source().add_report(reviewed, "again", "ip:abc", "", at + std::chrono::microseconds(1)));

        domain::Ban forever{0, domain::BanKind::kToken, "hash-ü-/other", "Spam « links »", "Ariela", at, {}, false};
        domain::Ban until = forever;
        until.kind = domain::BanKind::kIp;
        until.value = "ip-hash";
        until.expires_at = at + std::chrono::hours(24 * 365 * 30);
        domain::Ban lifted = forever;
        lifted.kind = domain::BanKind::kUser;
        lifted.value = std::to_string(m->id);
        ASSERT_TRUE(source().insert_ban(forever).has_value());
        ASSERT_TRUE(source().insert_ban(until).has_value());
        auto l = source().insert_ban(lifted);
        ASSERT_TRUE(l.has_value());
        ASSERT_TRUE(source().lift_ban(l->id).has_value());

        domain::AuditEntry by_account{0, at, a->id, "Ariela Tömson", "comment.reject",
                                      "comment:" + std::to_string(reviewed), R"({"status":"approved"})",
                                      R"({"status":"rejected","note":"ü"})"};
        domain::AuditEntry by_cli{0, at + std::chrono::microseconds(7), std::nullopt, "cli", "user.create",
                                  "user:" + std::to_string(m->id), "{}", "{}"};
        ASSERT_TRUE(source().append_audit(by_account).has_value());
        ASSERT_TRUE(source().append_audit(by_cli).has_value());

        ASSERT_TRUE(source().put_thread_policy(
            {kPolicyPages[0], domain::ModerationMode::kPreModerateLinks, false, 14, true}));
        ASSERT_TRUE(source().put_thread_policy({kPolicyPages[1], std::nullopt, true, std::nullopt, std::nullopt}));
        ASSERT_TRUE(source().put_setting(kSettingKeys[0], "post"));
        ASSERT_TRUE(source().put_setting(kSettingKeys[1], "[\"Schimpfwort\",\"💩\"]"));
    }

    // Imports the source into `target`, then checks it holds exactly the same.
    void expect_faithful_copy(Store& target, const std::vector<CommentId>& ids) {
        StoreExport rows(source(), 3);  // small batches: several per table
        auto stored = target.import_all(rows, {});
        ASSERT_TRUE(stored.has_value()) << stored.error().message;
        auto want = source().summary();
        auto got = target.summary();
        ASSERT_TRUE(want.has_value());
        ASSERT_TRUE(got.has_value());
        EXPECT_EQ(*want, *got) << describe(*want) << " vs " << describe(*got);
        EXPECT_EQ(stored->articles, want->articles);
        EXPECT_EQ(stored->authors, 2);
        EXPECT_EQ(stored->article_revisions, 3);
        EXPECT_EQ(stored->article_redirects, 1);
        EXPECT_EQ(stored->article_corrections, 1);
        EXPECT_EQ(stored->live_updates, 1);
        EXPECT_EQ(stored->comments, want->comments);
        EXPECT_EQ(stored->comment_edits, want->comment_edits);
        EXPECT_EQ(stored->threads, want->threads);
        EXPECT_EQ(stored->users, 2);
        EXPECT_EQ(stored->reports, 4);
        EXPECT_EQ(stored->bans, 3);
        EXPECT_EQ(stored->audit_entries, 2);
        EXPECT_EQ(stored->thread_policies, 2);
        EXPECT_EQ(stored->settings, 2);
        EXPECT_EQ(stored->path_redirects, 1);
        EXPECT_EQ(stored->import_sources, 4);  // a thread, two comments, an article
        // The first comment's address and mail choice came along.
        auto first = target.export_batch(ExportTable::kComments, ids.front() - 1, 1);
        ASSERT_TRUE(first.has_value());
        const auto& first_rows = std::get<std::vector<CommentRecord>>(*first);
        ASSERT_EQ(first_rows.size(), 1u);
        EXPECT_EQ(first_rows[0].author_email, "erster@example.org");
        EXPECT_EQ(first_rows[0].notify, kNotifyReplies | kNotifyApproval);

        for (CommentId id : ids) {
            auto a = source().get_comment(id);
            auto b = target.get_comment(id);
            ASSERT_TRUE(a.has_value());
            ASSERT_TRUE(b.has_value()) << "comment " << id;
            expect_same(*a, *b);
            auto ha = source().edit_history(id);
            auto hb = target.edit_history(id);
            ASSERT_TRUE(ha.has_value());
            ASSERT_TRUE(hb.has_value());
            ASSERT_EQ(ha->size(), hb->size()) << "comment " << id;
            for (std::size_t i = 0; i < ha->size(); ++i) {
                EXPECT_EQ((*ha)[i].text, (*hb)[i].text);
                EXPECT_EQ((*ha)[i].replaced_at, (*hb)[i].replaced_at);
                EXPECT_EQ((*ha)[i].edited_by, (*hb)[i].edited_by);
            }
            expect_same_lists(source().reports_for(id), target.reports_for(id));
        }
        expect_import_memory_copied(target);
        expect_moderation_copied(target);
        for (const char* page : {"/articles/grüße-aus-köln", "/other", "/none"})
            EXPECT_EQ(*source().count_approved(page), *target.count_approved(page)) << page;
        for (const char* slug : {"gruesse-aus-koeln", "plain"}) {
            auto a = source().get_article(slug);
            auto b = target.get_article(slug);
            ASSERT_TRUE(a.has_value());
            ASSERT_TRUE(b.has_value());
            expect_same(*a, *b);
            auto ra = source().article_revisions(a->id, 10);
            auto rb = target.article_revisions(b->id, 10);
            ASSERT_TRUE(ra && rb);
            EXPECT_EQ(*ra, *rb);
        }
        // The old slug still leads to the renamed article, and its author profiles came along.
        EXPECT_EQ(target.article_redirect("grüße-aus-köln").value(), std::optional<std::string>("gruesse-aus-koeln"));
        EXPECT_EQ(target.get_author("jorg-nandu").value(), source().get_author("jorg-nandu").value());
        // The search index is the target's own, built on import: the published copy is found,
        // the unpublished one not.
        auto found = target.search_articles(SearchQuery{"text", "", 20, 0});
        ASSERT_TRUE(found.has_value()) << found.error().message;
        ASSERT_EQ(found->size(), 1u);
        EXPECT_EQ((*found)[0].article.slug, "plain");
        ListQuery q;
        q.limit = 100;
        q.filter = StatusFilter::kDefault;
        auto la = source().list_comments("/other", q);
        auto lb = target.list_comments("/other", q);
        ASSERT_TRUE(la && lb);
        ASSERT_EQ(la->comments.size(), lb->comments.size());  // the tombstone shows on both

        // New rows get fresh ids above the imported ones, and the counts move on from there.
        const CommentId max_id = *std::max_element(ids.begin(), ids.end());
        auto fresh = target.insert_comment(comment("/other", "after the move", CommentStatus::kApproved));
        ASSERT_TRUE(fresh.has_value()) << fresh.error().message;
        EXPECT_GT(fresh->id, max_id);
        EXPECT_EQ(*target.count_approved("/other"), *source().count_approved("/other") + 1);
        Article later;
        later.slug = "later";
        later.title = later.summary = later.body_markdown = "x";
        later.authors = {{"Ariela Tomson", "ariela-tomson"}};
        later.published_at = kT0;
        auto art = insert_article(target, later);
        ASSERT_TRUE(art.has_value());
        EXPECT_GT(art->id, 2);
        auto more = target.edit_comment(fresh->id, "edited after the move", kT0, "author", std::nullopt);
        ASSERT_TRUE(more.has_value());
        EXPECT_EQ(target.edit_history(fresh->id)->size(), 1u);
        expect_fresh_moderation_ids(target, fresh->id);
    }

    // Accounts (password hashes included: staff log in as before), bans, the audit log, policies
    // and settings are on `target` as on the source.
    void expect_moderation_copied(Store& target) {
        auto ua = source().list_users();
        auto ub = target.list_users();
        ASSERT_TRUE(ua && ub);
        EXPECT_EQ(*ua, *ub);
        ASSERT_EQ(ub->size(), 2u);
        auto login = target.find_user_by_email("ariela@example.org");
        ASSERT_TRUE(login.has_value());
        EXPECT_EQ(login->password_hash, (*ua)[0].password_hash);
        EXPECT_TRUE((*ub)[1].disabled);

        for (domain::Time now : {kT0, kT0 + std::chrono::hours(24 * 365 * 40)})
            expect_same_lists(source().list_active_bans(now, 100), target.list_active_bans(now, 100));
        auto lifted = target.find_active_ban({{domain::BanKind::kUser, std::to_string((*ub)[1].id)}}, kT0);
        ASSERT_TRUE(lifted.has_value());
        EXPECT_FALSE(lifted->has_value()) << "the lifted ban stays lifted";

        expect_same_lists(source().list_audit(std::nullopt, 100, ""), target.list_audit(std::nullopt, 100, ""));
        for (const std::string& page : kPolicyPages) {
            auto pa = source().get_thread_policy(page);
            auto pb = target.get_thread_policy(page);
            ASSERT_TRUE(pa && pb);
            EXPECT_EQ(*pa, *pb) << page;
        }
        for (const std::string& key : kSettingKeys) {
            auto sa = source().get_setting(key);
            auto sb = target.get_setting(key);
            ASSERT_TRUE(sa && sb);
            EXPECT_EQ(*sa, *sb) << key;
        }
    }

    // New accounts, reports, bans and audit entries get ids above the imported ones.
    void expect_fresh_moderation_ids(Store& target, CommentId comment) {
        auto users = target.list_users();
        ASSERT_TRUE(users.has_value());
        auto user = target.insert_user({"new@example.org", "New", Role::kModerator, "$argon2id$new", kT0, false, ""});
        ASSERT_TRUE(user.has_value()) << user.error().message;
        EXPECT_GT(user->id, users->back().id);
        auto report = target.add_report(comment, "fresh", "t:fresh", "", kT0);
        ASSERT_TRUE(report.has_value()) << report.error().message;
        EXPECT_GT(report->report.id, 4);
        auto ban = target.insert_ban({0, domain::BanKind::kToken, "fresh", "r", "m", kT0, {}, false});
        ASSERT_TRUE(ban.has_value()) << ban.error().message;
        EXPECT_GT(ban->id, 3);
        auto entry = target.append_audit({0, kT0, std::nullopt, "cli", "x", "y", "{}", "{}"});
        ASSERT_TRUE(entry.has_value()) << entry.error().message;
        EXPECT_GT(entry->id, 2);
    }

    Factory factory_;
    std::unique_ptr<Store> source_;
};

TYPED_TEST_SUITE(ExportImportContract, testing::Engines);

TYPED_TEST(ExportImportContract, ImportIntoSqliteIsAFaithfulCopy) {
    const auto ids = this->fill();
    testing::SqliteFactory target_factory;
    auto target = target_factory.open();
    this->expect_faithful_copy(*target, ids);
}

TYPED_TEST(ExportImportContract, ImportIntoPostgresIsAFaithfulCopy) {
    const auto ids = this->fill();
    testing::PgFactory target_factory;
    auto target = target_factory.open();
    this->expect_faithful_copy(*target, ids);
}

TYPED_TEST(ExportImportContract, ExportWalksEveryTableInIdOrderInBatches) {
    const auto ids = this->fill();
    std::vector<CommentId> seen;
    std::vector<std::int64_t> articles;
    std::vector<ExportTable> tables;
    int batches = 0;
    StoreExport rows(this->source(), 4, [&](const ExportBatch&) { ++batches; });
    for (;;) {
        auto batch = rows.next();
        ASSERT_TRUE(batch.has_value());
        if (!*batch) break;
        EXPECT_LE(rows_in(**batch), 4u);
        if (tables.empty() || tables.back() != table_of(**batch)) tables.push_back(table_of(**batch));
        if (auto* r = std::get_if<std::vector<domain::Report>>(&**batch)) {
            ASSERT_EQ(r->size(), 4u);
            for (std::size_t i = 1; i < r->size(); ++i) EXPECT_LT((*r)[i - 1].id, (*r)[i].id);
        }
        if (auto* p = std::get_if<std::vector<domain::ThreadPolicy>>(&**batch)) {
            ASSERT_EQ(p->size(), 2u);
            EXPECT_LT((*p)[0].page, (*p)[1].page);  // byte order
        }
        if (auto* kv = std::get_if<std::vector<Setting>>(&**batch)) {
            ASSERT_EQ(kv->size(), 2u);
            EXPECT_EQ((*kv)[0].key, "policy.banned_words");
        }
        if (auto* a = std::get_if<std::vector<Article>>(&**batch))
            for (const Article& x : *a) articles.push_back(x.id);
        if (auto* c = std::get_if<std::vector<CommentRecord>>(&**batch)) {
            EXPECT_TRUE(articles.size() == 2u) << "articles come before comments";
            for (const CommentRecord& r : *c) seen.push_back(r.comment.id);
        }
    }
    EXPECT_EQ(articles.size(), 2u);
    EXPECT_EQ(seen, ids);  // every comment once, in id order
    // 2 users; 2 authors; 2 articles; 3 revisions; 1 redirect (keyed); 1 live update; 1 old path
    // (keyed); 12 comments in 4 + 4 + 4 (then an empty read); 4 import sources in one full batch;
    // 4 reports in one full batch; 3 bans; 2 audit entries; the keyed tables whole, one batch each.
    EXPECT_EQ(batches, 1 + 1 + 1 + 1 + 1 + 1 + 1 + 3 + 1 + 1 + 1 + 1 + 1 + 1);
    EXPECT_EQ(tables, std::vector<ExportTable>(kExportTables.begin(), kExportTables.end()));

    // Keyed tables: everything for after_id 0, whatever the limit; nothing after that.
    auto policies = this->source().export_batch(ExportTable::kThreadPolicies, 0, 1);
    ASSERT_TRUE(policies.has_value());
    EXPECT_EQ(rows_in(*policies), 2u);
    auto past = this->source().export_batch(ExportTable::kSettings, 1, 10);
    ASSERT_TRUE(past.has_value());
    EXPECT_EQ(rows_in(*past), 0u);
}

// An export of a store in use reads one committed state: a comment and a report written while
// it runs are not in it (the report would name a comment the export never saw), and its summary
// is the one from before; the store itself has both.
TYPED_TEST(ExportImportContract, AnExportSnapshotSeesOneStateWhileWritersGoOn) {
    const auto ids = this->fill();
    auto before = this->source().summary();
    ASSERT_TRUE(before.has_value());
    std::optional<CommentId> added;
    auto read = this->source().in_export_snapshot([&](ExportReader& snapshot) -> Result<void> {
        auto first = snapshot.export_batch(ExportTable::kUsers, 0, 1);  // the snapshot starts
        EXPECT_TRUE(first.has_value());
        auto c = this->source().insert_comment(comment("/later", "written during the export", CommentStatus::kApproved));
        EXPECT_TRUE(c.has_value());
        if (c) added = c->id;
        if (c) {
            EXPECT_TRUE(this->source().add_report(c->id, "spam", "ip:x", "", kT0).has_value());
        }
        auto during = summarize(snapshot, 3);
        EXPECT_TRUE(during.has_value());
        if (during) {
            EXPECT_EQ(*during, *before) << describe(*during) << " vs " << describe(*before);
        }
        auto tail = snapshot.export_batch(ExportTable::kComments, ids.back(), 10);
        EXPECT_TRUE(tail.has_value());
        if (tail) {
            EXPECT_EQ(rows_in(*tail), 0u) << "the comment written meanwhile is not in the snapshot";
        }
        return {};
    });
    ASSERT_TRUE(read.has_value()) << read.error().message;
    ASSERT_TRUE(added.has_value());
    auto after = this->source().summary();
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->comments, before->comments + 1);
    EXPECT_EQ(after->reports, before->reports + 1);
    // A body that throws leaves no transaction behind: the next snapshot starts afresh and sees
    // what was written since.
    EXPECT_THROW((void)this->source().in_export_snapshot([](ExportReader& snapshot) -> Result<void> {
        (void)snapshot.export_batch(ExportTable::kUsers, 0, 1);
        throw std::runtime_error("the disk is full");
    }),
                 std::runtime_error);
    ASSERT_TRUE(this->source().insert_comment(comment("/later", "after the throw", CommentStatus::kApproved)));
    for (int i = 0; i < 4; ++i) {  // every connection of a small pool, in turn
        auto again = this->source().summary();
        ASSERT_TRUE(again.has_value()) << again.error().message;
        EXPECT_EQ(again->comments, before->comments + 2);
    }
    // What the body returns comes back.
    auto refused = this->source().in_export_snapshot(
        [](ExportReader&) -> Result<void> { return domain::make_error(ErrorCode::kUnavailable, "Stop", "told to"); });
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().title, "Stop");
}

TYPED_TEST(ExportImportContract, SummaryCountsRowsAndChangesWithContent) {
    auto empty = this->source().summary();
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(*empty, StoreSummary{.checksum = empty->checksum});
    const auto ids = this->fill();
    auto full = this->source().summary();
    ASSERT_TRUE(full.has_value());
    EXPECT_EQ(full->articles, 2);
    EXPECT_EQ(full->comments, 12);
    EXPECT_EQ(full->comment_edits, 2);  // the deleted comment's history went with it
    EXPECT_EQ(full->threads, 3);
    EXPECT_EQ(full->path_redirects, 1);
    EXPECT_EQ(full->import_sources, 4);
    EXPECT_EQ(full->users, 2);
    EXPECT_EQ(full->reports, 4);
    EXPECT_EQ(full->bans, 3);
    EXPECT_EQ(full->audit_entries, 2);
    EXPECT_EQ(full->thread_policies, 2);
    EXPECT_EQ(full->settings, 2);
    EXPECT_EQ(*this->source().summary(), *full);  // stable
    ASSERT_TRUE(this->source().set_status(ids[1], CommentStatus::kApproved, std::nullopt).has_value());
    auto changed = this->source().summary();
    ASSERT_TRUE(changed.has_value());
    EXPECT_NE(changed->checksum, full->checksum);
    EXPECT_FALSE(summary_differences(*full, *changed).empty());

    // Every moderation table is in the checksum, down to a password hash, a flag and a setting.
    auto checksum_after = [&](auto&& change) {
        change();
        auto s = this->source().summary();
        EXPECT_TRUE(s.has_value());
        return s ? s->checksum : 0;
    };
    std::vector<std::uint64_t> seen{changed->checksum};
    auto users = this->source().list_users();
    ASSERT_TRUE(users.has_value());
    domain::User u = users->front();
    seen.push_back(checksum_after([&] {
        u.password_hash += "x";
        ASSERT_TRUE(this->source().update_user(u).has_value());
    }));
    seen.push_back(checksum_after([&] { ASSERT_TRUE(this->source().resolve_reports(ids[0]).has_value()); }));
    auto bans = this->source().list_active_bans(kT0, 10);
    ASSERT_TRUE(bans && !bans->empty());
    seen.push_back(checksum_after([&] { ASSERT_TRUE(this->source().lift_ban(bans->front().id).has_value()); }));
    seen.push_back(checksum_after([&] {
        ASSERT_TRUE(this->source().append_audit({0, kT0, std::nullopt, "cli", "a", "t", "{}", "{}"}));
    }));
    seen.push_back(checksum_after([&] {
        ASSERT_TRUE(this->source().put_thread_policy({"/other", std::nullopt, false, std::nullopt, std::nullopt}));
    }));
    seen.push_back(checksum_after([&] { ASSERT_TRUE(this->source().put_setting("policy.moderation", "pre")); }));
    // So is what imports remember: a pending parent settled, an old path added.
    seen.push_back(checksum_after([&] {
        auto pending = this->source().pending_parents(kImportSource, 0, 10);
        ASSERT_TRUE(pending && pending->size() == 1u);
        ASSERT_TRUE(this->source().settle_parent(kImportSource, pending->front()).has_value());
    }));
    seen.push_back(checksum_after([&] { ASSERT_TRUE(this->source().add_path_redirect({"/old", "/articles/plain"})); }));
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end()) << "each change moves the checksum";
    auto last = this->source().summary();
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(last->reports, 4);
    EXPECT_EQ(last->audit_entries, 3);
    const auto lines = summary_differences(*full, *last);
    EXPECT_NE(std::find(lines.begin(), lines.end(), "audit entries: 2 vs 3"), lines.end());
    EXPECT_NE(describe(*last).find("2 users, 4 reports, 3 bans, 3 audit entries, 2 thread policies, 2 settings"),
              std::string::npos)
        << describe(*last);
}

TYPED_TEST(ExportImportContract, ImportRefusesANonEmptyStoreUnlessReplacing) {
    const auto ids = this->fill();
    TypeParam target_factory;
    auto target = target_factory.open();
    NewComment other = comment("/elsewhere", "already here", CommentStatus::kApproved);
    ASSERT_TRUE(target->insert_comment(other).has_value());
    // An account (whose id and email the source's take) with a session, and a setting.
    auto user = target->insert_user({"ariela@example.org", "Old", Role::kAdmin, "$argon2id$old", kT0, false, ""});
    ASSERT_TRUE(user.has_value());
    ASSERT_TRUE(target->insert_session({"session-hash", user->id, "csrf", kT0, kT0 + std::chrono::hours(1)}));
    ASSERT_TRUE(target->put_setting("only.here", "1"));
    auto before = target->summary();

    StoreExport rows(this->source());
    auto refused = target->import_all(rows, {});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_EQ(*target->summary(), *before);  // nothing changed

    StoreExport again(this->source());
    auto replaced = target->import_all(again, ImportOptions{true});
    ASSERT_TRUE(replaced.has_value()) << replaced.error().message;
    EXPECT_EQ(*target->summary(), *this->source().summary());
    EXPECT_EQ(*target->count_approved("/elsewhere"), 0);
    EXPECT_EQ(target->get_comment(ids.back())->id, ids.back());
    EXPECT_EQ(target->get_session("session-hash", kT0).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(*target->get_setting("only.here"), std::nullopt);
    EXPECT_EQ(target->find_user_by_email("ariela@example.org")->name, "Ariela Tömson");
}

// A new server's store (accounts, a session, settings; no articles, no comments): with
// replace_setup the file's rows replace them; once it holds a comment it is refused, unchanged.
TYPED_TEST(ExportImportContract, ReplaceSetupTakesOnlyAStoreWithoutContent) {
    const auto ids = this->fill();
    TypeParam target_factory;
    auto target = target_factory.open();
    auto user = target->insert_user({"ariela@example.org", "Set up", Role::kAdmin, "$argon2id$new", kT0, false, ""});
    ASSERT_TRUE(user.has_value());
    ASSERT_TRUE(target->insert_session({"setup-session", user->id, "csrf", kT0, kT0 + std::chrono::hours(1)}));
    ASSERT_TRUE(target->put_setting("ip_hash_key_check", "new server"));

    StoreExport plain(this->source());
    auto collides = target->import_all(plain, {});
    ASSERT_FALSE(collides.has_value()) << "the file's accounts collide with the new server's";

    StoreExport rows(this->source());
    auto replaced = target->import_all(rows, ImportOptions{.replace_setup = true});
    ASSERT_TRUE(replaced.has_value()) << replaced.error().message;
    EXPECT_EQ(*target->summary(), *this->source().summary());
    EXPECT_EQ(target->get_comment(ids.back())->id, ids.back());
    EXPECT_EQ(target->get_session("setup-session", kT0).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(target->find_user_by_email("ariela@example.org")->name, "Ariela Tömson");

    // Now it holds content: refused, nothing changed.
    auto before = target->summary();
    StoreExport again(this->source());
    auto refused = target->import_all(again, ImportOptions{.replace_setup = true});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_EQ(*target->summary(), *before);
}

TYPED_TEST(ExportImportContract, AFailedImportLeavesNothingBehind) {
    TypeParam target_factory;
    auto target = target_factory.open();
    std::vector<Article> one(1);
    one[0].id = 5;
    one[0].slug = "half";
    one[0].published_at = kT0;
    FailingSource source{ExportBatch(std::move(one))};
    auto failed = target->import_all(source, {});
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
    EXPECT_TRUE(*target->is_empty());
    EXPECT_EQ(target->get_article("half").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace tribune::store
