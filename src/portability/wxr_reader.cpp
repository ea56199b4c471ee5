#include "portability/wxr_reader.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string_view>

#include "portability/xml_stream.hpp"

namespace tribune::portability {
namespace {

using domain::ErrorCode;

// Names arrive as "namespace-uri|local". The local part names the field, except that
// content:encoded and excerpt:encoded share theirs: the excerpt's namespace says which.
struct Name {
    std::string_view local;
    bool excerpt = false;
};

Name name_of(const XML_Char* name) {
    std::string_view n(name);
    auto bar = n.rfind('|');
    if (bar == std::string_view::npos) return {n, false};
    return {n.substr(bar + 1), n.substr(0, bar).find("excerpt") != std::string_view::npos};
}

std::string attribute(const XML_Char** attributes, std::string_view wanted) {
    for (int i = 0; attributes[i]; i += 2)
        if (name_of(attributes[i]).local == wanted) return attributes[i + 1];
    return {};
}

constexpr std::size_t kMaxWxrSiteAddress = 2048;

// "HTTPS://Blog.Example/news" -> "HTTPS://blog.example/news": a host is the same in any case, a
// path is not.
std::string lower_host(std::string address) {
    const std::size_t scheme = address.find("://");
    const std::size_t from = scheme == std::string::npos ? 0 : scheme + 3;
    const std::size_t to = std::min(address.find('/', from), address.size());
    for (std::size_t i = from; i < to; ++i)
        if (address[i] >= 'A' && address[i] <= 'Z') address[i] = static_cast<char>(address[i] - 'A' + 'a');
    return address;
}

class Reader {
public:
    explicit Reader(const WxrHandlers& handlers) : handlers_(handlers) {}

    // The parser calls start, end and text (attach_xml_reader).
    template <auto NameOf, class R>
    friend void portability::attach_xml_reader(XML_Parser parser, R& reader);

    std::optional<domain::Error> failure;
    bool saw_root = false;

private:
    void start(Name name, const XML_Char** attributes) {
        ++depth_;
        text_.clear();
        if (depth_ == 1) {
            saw_root = name.local == "rss";
        } else if (depth_ == 3 && (name.local == "base_blog_url" || name.local == "base_site_url")) {
            site_field_ = true;
        } else if (depth_ == 3 && name.local == "item") {
            tell_site();
            item_.emplace();
            item_bytes_ = 0;
        } else if (depth_ == 3 && name.local == "author") {
            tell_site();
            author_.emplace();
        } else if (depth_ == 4 && item_ && name.local == "comment") {
            comment_.emplace();
        } else if (depth_ == 4 && item_ && name.local == "category") {
            category_domain_ = attribute(attributes, "domain");
        }
    }

    void end(Name name) {
        std::string value = std::move(text_);
        text_.clear();
        const auto n = name.local;
        if (depth_ == 5 && comment_) {
            auto& c = *comment_;
            if (n == "comment_id") c.id = xml_trimmed(std::move(value));
            else if (n == "comment_parent") c.parent_id = xml_trimmed(std::move(value));
            else if (n == "comment_author") c.author_name = xml_trimmed(std::move(value));
            else if (n == "comment_author_email") c.author_email = xml_trimmed(std::move(value));
            else if (n == "comment_author_IP") c.author_ip = xml_trimmed(std::move(value));
            else if (n == "comment_date_gmt") c.date_gmt = xml_trimmed(std::move(value));
            else if (n == "comment_content") c.content = std::move(value);
            else if (n == "comment_approved") c.approved = xml_trimmed(std::move(value));
            else if (n == "comment_type") c.type = xml_trimmed(std::move(value));
        } else if (depth_ == 4 && item_ && n == "comment" && comment_) {
            item_->comments.push_back(std::move(*comment_));
            comment_.reset();
        } else if (depth_ == 4 && item_) {
            auto& i = *item_;
            if (n == "post_id") i.id = xml_trimmed(std::move(value));
            else if (n == "title") i.title = xml_trimmed(std::move(value));
            else if (n == "link") i.link = xml_trimmed(std::move(value));
            else if (n == "creator") i.creator = xml_trimmed(std::move(value));
            else if (n == "encoded" && name.excerpt) i.excerpt = std::move(value);
            else if (n == "encoded") i.content = std::move(value);
            else if (n == "post_name") i.post_name = xml_trimmed(std::move(value));
            else if (n == "post_type") i.post_type = xml_trimmed(std::move(value));
            else if (n == "status") i.status = xml_trimmed(std::move(value));
            else if (n == "post_date_gmt") i.date_gmt = xml_trimmed(std::move(value));
            else if (n == "comment_status") i.comment_status = xml_trimmed(std::move(value));
            else if (n == "category") add_term(xml_trimmed(std::move(value)));
        } else if (depth_ == 4 && author_) {
            if (n == "author_login") author_->login = xml_trimmed(std::move(value));
            else if (n == "author_display_name") author_->display_name = xml_trimmed(std::move(value));
        } else if (depth_ == 3 && site_field_) {
            site_field_ = false;
            (n == "base_blog_url" ? blog_url_ : site_url_) = xml_trimmed(std::move(value));
        } else if (depth_ == 3 && n == "item" && item_) {
            hand_on(handlers_.item, std::move(*item_));
            item_.reset();
        } else if (depth_ == 3 && n == "author" && author_) {
            hand_on(handlers_.author, std::move(*author_));
            author_.reset();
        }
        --depth_;
    }

    // The site is told once, before the first author or item: its blog address, else the site's.
    void tell_site() {
        if (site_told_) return;
        site_told_ = true;
        std::string address = blog_url_.empty() ? std::move(site_url_) : std::move(blog_url_);
        if (address.empty() || !handlers_.site) return;
        handlers_.site(lower_host(std::move(address)));
    }

    void add_term(std::string name) {
        if (name.empty()) return;
        auto& list = category_domain_ == "category" ? item_->categories
                     : category_domain_ == "post_tag" ? item_->tags
                                                       : ignored_;
        ignored_.clear();
        if (item_->categories.size() + item_->tags.size() >= kMaxWxrTerms) {
            fail("Too many categories", "an item names more than " + std::to_string(kMaxWxrTerms) + " categories and tags");
            return;
        }
        list.push_back(std::move(name));
    }

    void text(std::string_view s) {
        // Only the fields of an item or an author block, and the site's address, keep text, up to
        // their bounds.
        if (site_field_) {
            if (text_.size() + s.size() > kMaxWxrSiteAddress) fail("Field too long", "the site's address is too long");
            else text_.append(s);
            return;
        }
        if (depth_ < 4 || (!item_ && !author_)) return;
        if (text_.size() + s.size() > kMaxWxrField) {
            fail("Field too long", "an element holds more than " + std::to_string(kMaxWxrField) + " bytes of text");
            return;
        }
        if (item_ && (item_bytes_ += s.size()) > kMaxWxrItemBytes) {
            fail("Item too long", "an item holds more than " + std::to_string(kMaxWxrItemBytes) + " bytes of text");
            return;
        }
        text_.append(s);
    }

    void fail(const char* title, std::string detail) {
        if (!failure) failure = domain::make_error(ErrorCode::kMalformed, title, std::move(detail));
    }

    template <class Item>
    void hand_on(const std::function<domain::Result<void>(Item&&)>& handler, Item&& item) {
        if (failure || !handler) return;
        if (auto r = handler(std::move(item)); !r) failure = r.error();
    }

    const WxrHandlers& handlers_;
    std::size_t depth_ = 0;
    std::string text_;
    std::size_t item_bytes_ = 0;
    std::string category_domain_;
    std::vector<std::string> ignored_;
    bool site_field_ = false;
    bool site_told_ = false;
    std::string blog_url_;
    std::string site_url_;
    std::optional<WxrItem> item_;
    std::optional<WxrAuthor> author_;
    std::optional<WxrComment> comment_;
};

}  // namespace

domain::Result<void> read_wxr(std::istream& in, const WxrHandlers& handlers) {
    XmlParser parser = make_xml_parser();
    if (!parser) return domain::make_error(ErrorCode::kUnavailable, "Out of memory", "cannot start the XML parser");
    Reader reader(handlers);
    attach_xml_reader<name_of>(parser.get(), reader);
    if (auto fed = feed_xml(in, parser.get(), reader.failure, "Not a WordPress export"); !fed) return fed;
    if (!reader.saw_root)
        return domain::make_error(ErrorCode::kMalformed, "Not a WordPress export", "the root element is not <rss>");
    return {};
}

}  // namespace tribune::portability
