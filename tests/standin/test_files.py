"""Slack's upload flow in the stand-in: what `files_upload_v2` does, and what Slack refuses."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient

from bot.standin import StandInSlack
from tests.standin.builders import ADA, error_of


def test_a_file_uploaded_with_files_upload_v2_reaches_the_dm(
    standin: StandInSlack, client: WebClient
) -> None:
    dm = client.conversations_open(users=ADA)["channel"]["id"]
    sent = client.files_upload_v2(
        channel=dm, content="a,b\n1,2\n", filename="visits.csv", title="Visits",
        initial_comment="Your export",
    )  # fmt: skip
    assert sent["file"]["name"] == "visits.csv"
    [file] = standin.files(ADA)
    assert (file.filename, file.title, file.content, file.comment) == (
        "visits.csv", "Visits", "a,b\n1,2\n", "Your export",
    )  # fmt: skip
    methods = [c.method for c in standin.calls()]
    assert methods[-3:] == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    assert client.conversations_history(channel=dm)["messages"][0]["files"][0]["id"]


def test_bytes_that_are_not_the_length_announced_are_refused(
    standin: StandInSlack, client: WebClient
) -> None:
    url = client.files_getUploadURLExternal(filename="x.csv", length=10)["upload_url"]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(url, data=b"short", method="POST"))
    assert refused.value.code == 400
    assert standin.validation_errors


def test_a_file_never_uploaded_or_shared_twice_is_not_found(
    standin: StandInSlack, client: WebClient
) -> None:
    dm = client.conversations_open(users=ADA)["channel"]["id"]
    given = client.files_getUploadURLExternal(filename="x.csv", length=3)
    files = [{"id": given["file_id"], "title": "x"}]
    assert error_of(client.files_completeUploadExternal, files=files, channel_id=dm) == (
        "file_not_found"
    )
    urllib.request.urlopen(urllib.request.Request(given["upload_url"], data=b"abc", method="POST"))
    client.files_completeUploadExternal(files=files, channel_id=dm)
    assert error_of(client.files_completeUploadExternal, files=files, channel_id=dm) == (
        "file_not_found"
    )
    unknown = [{"id": "F0NOPE", "title": "x"}]
    assert error_of(client.files_completeUploadExternal, files=unknown, channel_id=dm) == (
        "file_not_found"
    )


def test_a_file_goes_only_to_a_conversation_that_exists(client: WebClient) -> None:
    """A person's id is not a conversation: the DM is opened first, as Slack requires."""
    for channel, error in ((ADA, "channel_not_found"), ("C0NOPE", "channel_not_found"),
                           ("C0LOUNGE", "not_in_channel")):  # fmt: skip
        with pytest.raises(Exception) as failed:
            client.files_upload_v2(channel=channel, content="a", filename="a.csv")
        assert error in str(failed.value)


def test_a_length_of_nothing_is_refused(client: WebClient) -> None:
    assert error_of(client.files_getUploadURLExternal, filename="x.csv", length=0) == (
        "invalid_arguments"
    )
