#include "domain/cursor.hpp"
#include <gtest/gtest.h>
