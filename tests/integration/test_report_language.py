"""A report remembers the language its reader read in, and the outcome email speaks it."""

from factcheck.delivery import Courier
from factcheck.services import triage
from tests import notify_servers
from tests.builders import DEMO_SENTENCE, a_report, a_site, an_article, the_editor
from tests.notify_servers import LOOPBACK
from tests.notify_servers import run_worker as _work

smtp_server = notify_servers.smtp_server
READER = "reader@example.org"


def _fix(session, group_id):
    return triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(group_id, "Giorgia Meloni")],
        base_revision=1,
        summary="Fix the Prime Minister's name",
        note="Ми неправильно написали ім’я прем’єр-міністерки.",
        editor=the_editor(session),
    )


def test_a_report_takes_the_article_s_language(session):
    an_article(session, body=DEMO_SENTENCE, language="uk")
    assert a_report(session, reporter="r1").language == "uk"


def test_a_report_keeps_the_language_its_page_named(session):
    an_article(session, body=DEMO_SENTENCE, language="en")
    assert a_report(session, reporter="r1", language="uk-ua").language == "uk-UA"


def test_a_site_report_without_a_language_takes_the_site_s(session):
    site = a_site(session, language="uk")
    an_article(session, body=DEMO_SENTENCE, site=site.key)
    assert a_report(session, reporter="r1").language == "uk"


def test_the_fix_email_goes_out_in_ukrainian(app, session, smtp_server):
    an_article(session, body=DEMO_SENTENCE, title="Італія сигналізує", language="uk")
    report = a_report(session, reporter="r1", email=READER)
    _fix(session, report.group_id)
    _work(app, Courier(allowance=LOOPBACK, smtp_url=smtp_server.url))

    [mail] = smtp_server.mails
    assert mail.message["Subject"] == (
        "Виправлено помилку, про яку ви повідомили в статті «Італія сигналізує»"
    )
    assert mail.message["Content-Language"] == "uk"
    text = mail.text()
    assert 'Дякуємо, що повідомили про помилку в статті "Італія сигналізує".' in text
    assert "Редактори виправили її в редакції 2." in text
    assert "Ми неправильно написали" in text
    assert "Thank you" not in text
    html = mail.html()
    assert '<html lang="uk">' in html
    assert "редакції 2</a>" in html


def test_a_decline_in_ukrainian(app, session, smtp_server):
    an_article(session, body=DEMO_SENTENCE, language="uk")
    report = a_report(session, reporter="r1", email=READER)
    triage.reject(
        session=session,
        group_id=report.group_id,
        reason="style",
        detail="Так за стилем.",
        editor=the_editor(session),
    )
    _work(app, Courier(allowance=LOOPBACK, smtp_url=smtp_server.url))
    [mail] = smtp_server.mails
    assert "без змін" in mail.message["Subject"]
    assert "Редактори розглянули повідомлення й вирішили не змінювати текст." in mail.text()


def test_an_english_report_still_gets_english(app, session, smtp_server):
    an_article(session, body=DEMO_SENTENCE)
    report = a_report(session, reporter="r1", email=READER)
    _fix(session, report.group_id)
    _work(app, Courier(allowance=LOOPBACK, smtp_url=smtp_server.url))
    [mail] = smtp_server.mails
    assert mail.message["Subject"].startswith("Fixed: the error you reported in")
    assert "The editors fixed it in revision 2." in mail.text()


def test_the_reason_s_label_is_translated_and_the_editors_words_kept(app, session, smtp_server):
    an_article(session, body=DEMO_SENTENCE, language="uk")
    report = a_report(session, reporter="r1", email=READER)
    triage.reject(
        session=session,
        group_id=report.group_id,
        reason="style",
        detail="Так пише наше видання.",
        editor=the_editor(session),
    )
    _work(app, Courier(allowance=LOOPBACK, smtp_url=smtp_server.url))
    [mail] = smtp_server.mails
    assert "Питання стилю: Так пише наше видання." in mail.text()
    assert "Style choice" not in mail.text()
