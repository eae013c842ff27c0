// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Moodle question bank of a class set (classroom/MoodleXml.h), parsed back with QXmlStreamReader
// and compared question by question with every student's expected answers (issue 16, point 5):
// well-formed; one category per lesson; every question of every lesson there; a value whose answer
// differs with the seed once per student, named with the code and holding that student's answer at
// 100; a choice with exactly its right one at 100; multi-select fractions summing to 100; ordering
// items in their right order; numbers with tolerance 0; description items without answers.

#include <QMap>
#include <QTest>
#include <QXmlStreamReader>

#include <set>

#include "TestData.h"
#include "classroom/ClassFile.h"
#include "classroom/ExpectedAnswers.h"
#include "classroom/MoodleXml.h"
#include "lesson/Answer.h"
#include "lesson/LessonLoader.h"
#include "lesson/QuestionKinds.h"

using namespace ipseclab;
using namespace ipseclab::classroom;
using lesson::Question;

namespace {

struct MoodleAnswer {
    double fraction = 0;
    QString text;
    QString tolerance;
};

struct MoodleItem {
    QString type;
    QString name;
    QString category; // the category item's path, or the category an item is in
    QString questionText;
    QMap<QString, QString> fields; // single, shuffleanswers, gradingtype, usecase, ...
    QList<MoodleAnswer> answers;
};

// Every <question> of the file, each item with the category it follows; an XML error fails the test.
QList<MoodleItem> parse(const QString& xml, QString* error) {
    QXmlStreamReader reader(xml);
    QList<MoodleItem> items;
    QStringList path;
    QString category;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            path << reader.name().toString();
            if (path == QStringList{"quiz", "question"}) {
                const QString type = reader.attributes().value("type").toString();
                items.append({type, {}, type == "category" ? QString() : category, {}, {}, {}});
            }
            if (path.size() == 3 && path[2] == "answer")
                items.last().answers.append({reader.attributes().value("fraction").toDouble(), {}, {}});
        } else if (reader.isEndElement()) {
            if (path == QStringList{"quiz", "question"} && items.last().type == "category")
                category = items.last().category;
            path.removeLast();
        } else if (reader.isCharacters() && path.size() >= 3 && path[1] == "question") {
            MoodleItem& item = items.last();
            const QString text = reader.text().toString();
            const QString where = path.mid(2).join('/');
            if (where == "name/text") item.name += text;
            else if (where == "category/text") item.category += text;
            else if (where == "questiontext/text") item.questionText += text;
            else if (where == "answer/text") item.answers.last().text += text;
            else if (where == "answer/tolerance") item.answers.last().tolerance += text;
            else if (path.size() == 3) item.fields[path[2]] += text;
        }
    }
    if (reader.hasError()) *error = QString("line %1: %2").arg(reader.lineNumber()).arg(reader.errorString());
    return items;
}

// The lessons the class uses: among them every kind of question, and templates in the text.
const std::vector<lesson::Lesson>& classLessons() {
    static const std::vector<lesson::Lesson> lessons = [] {
        std::vector<lesson::Lesson> out;
        for (const char* file : {"01-five-phases", "02-diffie-hellman", "03-main-mode", "05-quick-mode"}) {
            auto l = lesson::LessonLoader::load((test::sourceDir() + "/lessons/" + file + ".json").toStdString());
            if (!l) qFatal("%s", l.error().toString().c_str());
            out.push_back(std::move(*l));
        }
        return out;
    }();
    return lessons;
}

ClassSet threeStudents(std::string name = "Networks 2, group B") {
    std::vector<std::string> ids;
    for (const auto& l : classLessons()) ids.push_back(l.id);
    return makeClass(std::move(name), Bytes(32, 0x5a), ids, {},
                     {{"s01", "Ada Lovelace", 2}, {"s02", "Alan Turing", 3}, {"s03", "Grace Hopper", 4}});
}

// The test's stand-in for the window's Markdown: visible, so the answers' texts can be compared.
std::string markdown(const std::string& text) { return "<p>" + text + "</p>"; }

QString html(const std::string& text) { return QString::fromStdString(markdown(text)); }

// The items named `id` (shared by every student) or `id · CODE` (one student's).
QList<MoodleItem> named(const QList<MoodleItem>& items, const QString& id) {
    QList<MoodleItem> out;
    for (const MoodleItem& item : items)
        if (item.type != "description" && (item.name == id || item.name.startsWith(id + " · "))) out << item;
    return out;
}

QStringList fullMarks(const MoodleItem& item) {
    QStringList out;
    for (const MoodleAnswer& a : item.answers)
        if (a.fraction == 100) out << a.text;
    return out;
}

} // namespace

class TestClassMoodle : public QObject {
    Q_OBJECT

private:
    ClassSet m_set = threeStudents();
    QList<MoodleItem> m_items;
    // Per lesson, per student (in the roster's order), the expected answers.
    std::vector<std::vector<std::vector<ExpectedAnswer>>> m_expected;

    void checkChoices(const MoodleItem& item, const Question& q);
    void checkTyped(const MoodleItem& item, const Question& q, const ExpectedAnswer& expected);

private slots:
    void initTestCase() {
        const auto xml = moodleXml(m_set, classLessons(), markdown);
        QVERIFY2(xml, qPrintable(test::errorText(xml)));
        QString error;
        m_items = parse(QString::fromStdString(*xml), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const auto& l : classLessons()) {
            m_expected.emplace_back();
            for (const Student& s : m_set.students) {
                auto answers = expectedAnswers(l, s.seed);
                QVERIFY2(answers, qPrintable(test::errorText(answers)));
                m_expected.back().push_back(*answers);
            }
        }
    }

    void oneCategoryPerLesson() {
        QStringList categories;
        for (const MoodleItem& item : m_items)
            if (item.type == "category") categories << item.category;
        QStringList want;
        for (const auto& l : classLessons()) want << QString::fromStdString(moodleCategory(m_set.name, l.title));
        QCOMPARE(categories, want);
        QCOMPARE(want.first(), QString("$course$/IPsec Lab/Networks 2, group B/") +
                                   QString::fromStdString(classLessons().front().title));
        QVERIFY(m_items.first().type == "category");
    }

    void everyQuestionOnceOrOncePerStudent() {
        std::size_t questions = 0;
        for (std::size_t l = 0; l < classLessons().size(); ++l) {
            const auto& lesson = classLessons()[l];
            QList<MoodleItem> inLesson;
            for (const MoodleItem& item : m_items)
                if (item.type != "category" && item.category.endsWith("/" + QString::fromStdString(lesson.title)))
                    inLesson << item;
            QCOMPARE(m_expected[l][0].size(), lesson.questionCount());
            for (std::size_t q = 0; q < m_expected[l][0].size(); ++q) {
                const QString id = QString::fromStdString(m_expected[l][0][q].questionId);
                const QList<MoodleItem> items = named(inLesson, id);
                // What a student reads and must answer: the same for all, or not.
                std::set<std::vector<std::string>> readings;
                for (const auto& student : m_expected[l]) {
                    const Question& asked = student[q].question;
                    std::vector<std::string> reading{asked.prompt, asked.feedback.right, asked.feedback.wrong,
                                                     student[q].expected};
                    reading.insert(reading.end(), asked.choices.begin(), asked.choices.end());
                    reading.insert(reading.end(), asked.choiceFeedback.begin(), asked.choiceFeedback.end());
                    readings.insert(reading);
                }
                const bool shared = items.size() == 1 && items.first().name == id;
                QVERIFY2(shared || items.size() == qsizetype(m_set.students.size()), qPrintable(id));
                // Once when every student reads and answers the same, else once per student.
                QVERIFY2(shared == (readings.size() == 1), qPrintable(id));
                for (std::size_t s = 0; s < m_set.students.size(); ++s) {
                    const ExpectedAnswer& expected = m_expected[l][s][q];
                    const QString mine = id + " · " + QString::fromStdString(m_set.students[s].code);
                    const auto it = std::find_if(items.begin(), items.end(),
                                                 [&](const MoodleItem& item) { return shared || item.name == mine; });
                    QVERIFY2(it != items.end(), qPrintable(mine));
                    QCOMPARE(it->questionText.startsWith(html(expected.question.prompt)), true);
                    if (lesson::hasChoices(expected.question)) checkChoices(*it, expected.question);
                    else checkTyped(*it, expected.question, expected);
                    if (QTest::currentTestFailed()) return;
                }
                questions += std::size_t(items.size());
            }
        }
        std::size_t asked = 0;
        for (const MoodleItem& item : m_items) asked += item.type != "category" && item.type != "description";
        QCOMPARE(asked, questions); // nothing else
    }

    // The lesson's text as description items: no answers, and no value the question of its step or
    // a later step of its lesson asks for (a value long enough not to be a word of the text).
    void descriptionsHoldNoAnswer() {
        int descriptions = 0;
        for (const MoodleItem& item : m_items) {
            if (item.type != "description") continue;
            ++descriptions;
            QVERIFY2(item.answers.isEmpty(), qPrintable(item.name));
            QVERIFY(!item.questionText.isEmpty());
            const QString id = item.name.section(" · ", 0, 0); // "quick-mode/3"
            const std::string lesson = id.section('/', 0, 0).toStdString();
            const std::size_t step = id.section('/', 1).toULong() - 1;
            for (std::size_t l = 0; l < classLessons().size(); ++l)
                for (std::size_t s = 0; s < m_set.students.size(); ++s) {
                    const bool mine = !item.name.contains(" · ") || item.name.endsWith(" · text") ||
                                      item.name.contains(QString::fromStdString(m_set.students[s].code));
                    if (classLessons()[l].id != lesson || !mine) continue;
                    for (const ExpectedAnswer& a : m_expected[l][s])
                        if (a.step >= step && a.question.kind == Question::Kind::Value && a.expected.size() >= 4)
                            QVERIFY2(!item.questionText.contains(QString::fromStdString(a.expected),
                                                                 Qt::CaseInsensitive),
                                     qPrintable(item.name + ": " + QString::fromStdString(a.expected)));
                }
        }
        QVERIFY(descriptions >= 20);
    }

    // Quick Mode's text quotes each student's SPI ({{spi:…}}): one text per student there.
    void aTemplatedTextIsPerStudent() {
        int perStudent = 0;
        for (const MoodleItem& item : m_items)
            if (item.type == "description" && item.name.startsWith("quick-mode/") &&
                item.name.endsWith(QString::fromStdString(m_set.students[1].code)))
                ++perStudent;
        QVERIFY(perStudent > 0);
    }

    // Names with '/', '<', '&' and a control character, and a "]]>" in the HTML: the file stays
    // well-formed and reads back the same (less the control character, which XML cannot hold).
    void escaping() {
        const ClassSet set = threeStudents("A/B <group> & co\x01");
        const auto xml = moodleXml(set, {classLessons().front()},
                                   [](const std::string& text) { return "<p>" + text + "]]></p>"; });
        QVERIFY2(xml, qPrintable(test::errorText(xml)));
        QString error;
        const QList<MoodleItem> items = parse(QString::fromStdString(*xml), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(items.first().category, QString("$course$/IPsec Lab/A//B <group> & co/") +
                                             QString::fromStdString(classLessons().front().title));
        const MoodleItem& text = *std::find_if(items.begin(), items.end(),
                                               [](auto& i) { return i.type == "description"; });
        QVERIFY(text.questionText.startsWith("<p>"));
        QVERIFY(text.questionText.endsWith("]]></p>"));
    }
};

void TestClassMoodle::checkChoices(const MoodleItem& item, const Question& q) {
    QCOMPARE(item.answers.size(), qsizetype(q.choices.size()));
    if (q.kind == Question::Kind::Ordering) {
        QCOMPARE(item.type, QString("ordering"));
        QCOMPARE(item.fields.value("gradingtype"), QString("ALL_OR_NOTHING"));
        for (std::size_t i = 0; i < q.choices.size(); ++i)
            QCOMPARE(item.answers[qsizetype(i)].text, QString::fromStdString(q.choices[i]));
        return;
    }
    QCOMPARE(item.type, QString("multichoice"));
    QCOMPARE(item.fields.value("shuffleanswers"), QString("1"));
    const bool single = q.kind == Question::Kind::Choice;
    QCOMPARE(item.fields.value("single"), QString(single ? "true" : "false"));
    const std::vector<std::size_t> right = single ? std::vector<std::size_t>{q.answerIndex} : q.answerSet;
    double sum = 0;
    for (std::size_t i = 0; i < q.choices.size(); ++i) {
        const MoodleAnswer& a = item.answers[qsizetype(i)];
        QCOMPARE(a.text, QString::fromStdString(q.choices[i])); // its one paragraph unwrapped
        const bool isRight = std::find(right.begin(), right.end(), i) != right.end();
        QVERIFY2(isRight ? a.fraction > 0 : a.fraction <= 0, qPrintable(item.name + ": " + a.text));
        if (single) QCOMPARE(a.fraction, isRight ? 100.0 : 0.0);
        if (!single && !isRight) QVERIFY(a.fraction < 0);
        if (a.fraction > 0) sum += a.fraction;
    }
    QVERIFY2(qAbs(sum - 100) < 0.001, qPrintable(QString("%1: %2").arg(item.name).arg(sum)));
}

void TestClassMoodle::checkTyped(const MoodleItem& item, const Question& q, const ExpectedAnswer& expected) {
    if (q.kind == Question::Kind::Number) {
        QCOMPARE(item.type, QString("numerical"));
        const auto number = lesson::leadingNumber(expected.expected);
        QVERIFY(number);
        QCOMPARE(fullMarks(item), QStringList{QString::number(*number)});
        QCOMPARE(item.answers.first().tolerance, QString("0"));
        return;
    }
    QCOMPARE(item.type, QString("shortanswer"));
    QCOMPARE(item.fields.value("usecase"), QString("0"));
    const std::string right = q.kind == Question::Kind::Field ? q.pick.field.key : expected.expected;
    QVERIFY(!right.empty());
    QVERIFY2(fullMarks(item).contains(QString::fromStdString(right)), qPrintable(item.name));
    // Every answer at full marks is one the lab takes as right.
    for (const QString& typed : fullMarks(item))
        QVERIFY2(lesson::normalizeAnswer(typed.toStdString()) == lesson::normalizeAnswer(right), qPrintable(typed));
}

QTEST_GUILESS_MAIN(TestClassMoodle)
#include "tst_class_moodle.moc"
