#include "portability/disqus_reader.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "portability/xml_stream.hpp"

namespace tribune::portability {
namespace {

using domain::ErrorCode;

// Names arrive as "namespace-uri|local" (the parser separates them with '|'); only the local
// part matters: Disqus files name their namespaces in more than one way.
std::string_view local_name(const XML_Char* name) {
    std::string_view n(name);
    auto bar = n.rfind('|');
    return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

std::string dsq_id(const XML_Char** attributes) {
    for (int i = 0; attributes[i]; i += 2)
        if (local_name(attributes[i]) == "id") return attributes[i + 1];
    return {};
}

bool is_true(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s == "true" || s == "1";
}

class Reader {
public:
    Reader(const DisqusHandlers& handlers) : handlers_(handlers) {}

    // The parser calls start, end and text (attach_xml_reader).
    template <auto NameOf, class R>
    friend void portability::attach_xml_reader(XML_Parser parser, R& reader);

    std::optional<domain::Error> failure;
    bool saw_root = false;
    XML_Parser parser = nullptr;

private:
    void start(std::string_view name, const XML_Char** attributes) {
        path_.emplace_back(name);
        text_.clear();
        const auto depth = path_.size();
        if (depth == 1) {
            saw_root = name == "disqus";
            // Refused before anything is handed on: nothing of another kind of file is stored.
            if (!saw_root) stop(domain::make_error(ErrorCode::kMalformed, "Not a Disqus export",
                                                   "the root element is not <disqus>"));
        } else if (depth > kMaxDepth) {
            stop(domain::make_error(ErrorCode::kMalformed, "Not a Disqus export",
                                    "elements nest deeper than a Disqus export's"));
        } else if (depth == 2 && name == "thread") {
            thread_.emplace();
            thread_->id = dsq_id(attributes);
        } else if (depth == 2 && name == "post") {
            post_.emplace();
            post_->id = dsq_id(attributes);
        } else if (depth == 3 && post_ && name == "thread") {
            post_->thread_id = dsq_id(attributes);
        } else if (depth == 3 && post_ && name == "parent") {
            post_->parent_id = dsq_id(attributes);
        }
    }

    void end(std::string_view name) {
        if (failure) return;
        const auto depth = path_.size();
        std::string value = std::move(text_);
        text_.clear();
        if (depth == 3 && thread_) {
            if (name == "link") thread_->link = xml_trimmed(std::move(value));
            else if (name == "isClosed") thread_->closed = is_true(value);
        } else if (depth == 3 && post_) {
            if (name == "message") post_->message = std::move(value);
            else if (name == "createdAt") post_->created_at = xml_trimmed(std::move(value));
            else if (name == "isDeleted") post_->deleted = is_true(value);
            else if (name == "isSpam") post_->spam = is_true(value);
            else if (name == "ipAddress") post_->ip_address = xml_trimmed(std::move(value));
        } else if (depth == 4 && post_ && path_[2] == "author") {
            if (name == "name") post_->author_name = xml_trimmed(std::move(value));
            else if (name == "email") post_->author_email = xml_trimmed(std::move(value));
        } else if (depth == 2 && name == "thread" && thread_) {
            hand_on(handlers_.thread, std::move(*thread_));
            thread_.reset();
        } else if (depth == 2 && name == "post" && post_) {
            hand_on(handlers_.post, std::move(*post_));
            post_.reset();
        }
        path_.pop_back();
    }

    void text(std::string_view s) {
        // Only the fields read above keep text: those of a thread or post, up to the bound.
        if (path_.size() < 3 || (!thread_ && !post_)) return;
        if (text_.size() + s.size() > kMaxDisqusField) {
            if (!failure)
                failure = domain::make_error(ErrorCode::kMalformed, "Field too long",
                                             "an element holds more than " + std::to_string(kMaxDisqusField) +
                                                 " bytes of text");
            return;
        }
        text_.append(s);
    }

    // A Disqus export nests four deep; a file nesting far deeper is not one (and its path would grow).
    static constexpr std::size_t kMaxDepth = 16;

    void stop(domain::Error e) {
        if (!failure) failure = std::move(e);
        XML_StopParser(parser, XML_FALSE);
    }

    template <class Item>
    void hand_on(const std::function<domain::Result<void>(Item&&)>& handler, Item&& item) {
        if (failure || !handler) return;
        if (auto r = handler(std::move(item)); !r) failure = r.error();
    }

    const DisqusHandlers& handlers_;
    std::vector<std::string> path_;
    std::string text_;
    std::optional<DisqusThread> thread_;
    std::optional<DisqusPost> post_;
};

}  // namespace

domain::Result<void> read_disqus(std::istream& in, const DisqusHandlers& handlers) {
    XmlParser parser = make_xml_parser();
    if (!parser) return domain::make_error(ErrorCode::kUnavailable, "Out of memory", "cannot start the XML parser");
    Reader reader(handlers);
    reader.parser = parser.get();
    attach_xml_reader<local_name>(parser.get(), reader);
    if (auto fed = feed_xml(in, parser.get(), reader.failure, "Not a Disqus export"); !fed) return fed;
    if (!reader.saw_root)
        return domain::make_error(ErrorCode::kMalformed, "Not a Disqus export", "the root element is not <disqus>");
    return {};
}

}  // namespace tribune::portability
