// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// `ipsec-lab class handouts|keys|moodle DIR` (docs/teacher-guide.md, "A class set"): what a teacher
// hands out and keeps, from the class folder's class file.
//
//   handouts  DIR/handouts/<student id>/<lesson id>.html and .pdf: each student's worksheets, with
//             their own lab's values and their name and lab code under the title (the student's
//             folder named as their lab card is, ClassArguments.h studentFileName)
//   keys      DIR/keys/<student id>/<lesson id>.html: each student's answer keys, name and code on
//             them; DIR/keys/answers.csv: every student's right answers (classroom/AnswersCsv.h)
//   moodle    the class's lessons as a Moodle question bank on standard output (classroom/MoodleXml.h)

#include <string>
#include <vector>

namespace ipseclab::classcli {

int runClassHandouts(const std::vector<std::string>& arguments);
int runClassKeys(const std::vector<std::string>& arguments);
int runClassMoodle(const std::vector<std::string>& arguments);

} // namespace ipseclab::classcli
