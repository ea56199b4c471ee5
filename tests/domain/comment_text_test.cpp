#include "domain/comment_text.hpp"
#include <gtest/gtest.h>
