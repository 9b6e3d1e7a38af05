<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>AdminActions</name>
    <message>
        <location filename="../../ui/admin_actions.py" line="67"/>
        <location filename="../../ui/admin_actions.py" line="71"/>
        <location filename="../../ui/admin_actions.py" line="77"/>
        <location filename="../../ui/admin_actions.py" line="81"/>
        <source>ロック解除</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ui/admin_actions.py" line="67"/>
        <source>ロックされている職員はいません</source>
        <translation>No staff account is locked</translation>
    </message>
    <message>
        <location filename="../../ui/admin_actions.py" line="71"/>
        <source>利用者ID</source>
        <translation>User ID</translation>
    </message>
    <message>
        <location filename="../../ui/admin_actions.py" line="82"/>
        <source>%1 のロックを解除しました。もう一度サインインできます。</source>
        <translation>%1 is unlocked and can sign in again.</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <location filename="../../ui/audit_viewer.py" line="56"/>
        <source>日時</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="57"/>
        <source>職員</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="58"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="59"/>
        <source>対象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="60"/>
        <source>詳細</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>AuditViewerDialog</name>
    <message>
        <location filename="../../ui/audit_viewer.py" line="95"/>
        <source>監査ログ</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="100"/>
        <source>利用者ID</source>
        <translation>User ID</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="106"/>
        <source>受付番号など（前方一致）</source>
        <translation>Receipt no. etc. (beginning)</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="109"/>
        <source>職員</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="111"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="113"/>
        <source>対象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="115"/>
        <source>開始日</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="120"/>
        <source>終了日</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="125"/>
        <source>検索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="143"/>
        <source>UTF-8（BOM付き）</source>
        <translation>UTF-8 (with BOM)</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="144"/>
        <source>Shift_JIS（cp932）</source>
        <translation>Shift_JIS (cp932)</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="146"/>
        <source>CSVで書き出す…</source>
        <translation>Export as CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="149"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="185"/>
        <source>%1 件中、新しい %2 件を表示</source>
        <translation>Showing the newest %2 of %1 entries</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="190"/>
        <source>%1 件</source>
        <translation>%1 entries</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="197"/>
        <source>監査ログをCSVで書き出す</source>
        <translation>Export the audit log as CSV</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="210"/>
        <source>書き出せません: %1</source>
        <translation>Cannot export: %1</translation>
    </message>
    <message>
        <location filename="../../ui/audit_viewer.py" line="213"/>
        <source>%1 件を書き出しました: %2</source>
        <translation>Exported %1 entries: %2</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../ui/bar_chart.py" line="171"/>
        <location filename="../../ui/bar_chart.py" line="187"/>
        <source>集計中…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../ui/bar_chart.py" line="171"/>
        <source>データなし</source>
        <translation>No data</translation>
    </message>
    <message>
        <location filename="../../ui/bar_chart.py" line="190"/>
        <source>この期間の届出はありません</source>
        <translation>No notices in this period</translation>
    </message>
    <message>
        <location filename="../../ui/bar_chart.py" line="252"/>
        <source>%1月%2日 %3: %4 件</source>
        <translation>%3 on %1/%2: %4</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="63"/>
        <source>パスワードの変更</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="68"/>
        <source>監督者が設定したパスワードです。作業を始める前に、ご自分だけが知るパスワードに変えてください。</source>
        <translation>A supervisor set this password. Before you start work, change it to one only you know.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="78"/>
        <source>今のパスワード(&amp;C)</source>
        <translation>&amp;Current password</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="79"/>
        <source>新しいパスワード(&amp;N)</source>
        <translation>&amp;New password</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="80"/>
        <source>新しいパスワード（確認）</source>
        <translation>New password (again)</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="88"/>
        <source>変更</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="88"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="94"/>
        <source>確認用のパスワードが一致しません</source>
        <translation>The two passwords differ</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="102"/>
        <source>今のパスワードが違います</source>
        <translation>The current password is wrong</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="105"/>
        <source>アカウントがロックされています。しばらくしてからやり直すか、監督者に解除を依頼してください。</source>
        <translation>This account is locked. Try again later, or ask a supervisor to unlock it.</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="79"/>
        <source>担当</source>
        <translation>claim</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="80"/>
        <source>担当の解除</source>
        <translation>release</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="81"/>
        <source>受理</source>
        <translation>accept</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="82"/>
        <source>不受理</source>
        <translation>reject</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="83"/>
        <source>再開</source>
        <translation>reopen</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="84"/>
        <source>取消</source>
        <translation>cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="87"/>
        <source>未処理</source>
        <translation>new</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="88"/>
        <source>処理中</source>
        <translation>in progress</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="89"/>
        <source>受理済み</source>
        <translation>accepted</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="90"/>
        <source>不受理済み</source>
        <translation>rejected</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="91"/>
        <source>取消済み</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="76"/>
        <source>届出の表示</source>
        <translation>viewing notices</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="77"/>
        <source>担当の設定・解除</source>
        <translation>claiming and releasing notices</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="78"/>
        <source>受理・不受理</source>
        <translation>accepting or rejecting</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="79"/>
        <source>処理の再開</source>
        <translation>reopening a decision</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="80"/>
        <source>受付票の印刷</source>
        <translation>printing a notice sheet</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="81"/>
        <source>一覧の印刷</source>
        <translation>printing a list</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="82"/>
        <source>受付票のPDF保存</source>
        <translation>saving a notice sheet as PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="83"/>
        <source>一覧のPDF保存</source>
        <translation>saving a list as PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="84"/>
        <source>ファクス送信</source>
        <translation>sending a fax</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="85"/>
        <source>ファクス受信</source>
        <translation>receiving faxes</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="86"/>
        <source>CSVの書き出し</source>
        <translation>exporting CSV</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="87"/>
        <source>設定の変更</source>
        <translation>changing settings</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="89"/>
        <source>サービスアカウントの管理</source>
        <translation>managing service accounts</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="93"/>
        <location filename="../../desktop/domain/workflow.py" line="94"/>
        <source>参照</source>
        <translation>viewer</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="94"/>
        <location filename="../../desktop/domain/workflow.py" line="95"/>
        <source>窓口担当</source>
        <translation>clerk</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="95"/>
        <location filename="../../desktop/domain/workflow.py" line="96"/>
        <source>監督者</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="126"/>
        <source>サービスアカウント {name} には{use}が許可されていません</source>
        <translation>service account {name} is not allowed {use}</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="135"/>
        <source>{use}は{role}以上の権限が必要です（{user}）</source>
        <translation>{use} needs the {role} role or higher ({user})</translation>
    </message>
    <message>
        <location filename="../../desktop/authority.py" line="199"/>
        <source>パスワードを保存するには事業者IDを入力してください</source>
        <translation>Enter the partner ID to store the password</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="107"/>
        <source>{status}の届出は{action}できません</source>
        <translation>cannot {action} a notice that is {status}</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="120"/>
        <source>{action}は{role}の権限が必要です</source>
        <translation>{action} needs the {role} role</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="47"/>
        <source>{receipt} は表示中に版 {seen} から版 {current} に変わりました。変更点を確認してから処理してください</source>
        <translation>{receipt} changed from version {seen} to {current} while it was open; look at the changes before deciding</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="63"/>
        <source>届出 {receipt} はありません</source>
        <translation>no notice {receipt}</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="88"/>
        <source>お客さま番号「{value}」は使えません。3〜20桁の数字で入力してください（先頭の0はそのまま残ります）</source>
        <translation>customer number (お客さま番号) {value!r} cannot be used: enter 3-20 digits (leading zeros are kept)</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="255"/>
        <source>処理「{decision}」はありません。accept か reject です</source>
        <translation>unknown decision {decision!r}: use accept or reject</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="265"/>
        <source>不受理には理由が必要です（{codes} のいずれか）</source>
        <translation>a rejection needs a reason: one of {codes}</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="273"/>
        <source>理由「その他」には説明の文章を入力してください</source>
        <translation>reason &apos;other&apos; needs a free-text explanation</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="280"/>
        <source>理由の文章は500文字以内で入力してください</source>
        <translation>the reason text is longer than 500 characters</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="301"/>
        <source>受理する前にお客さま番号（水栓番号）を入力してください</source>
        <translation>enter the customer number (お客さま番号) before accepting</translation>
    </message>
    <message>
        <location filename="../../desktop/claims.py" line="51"/>
        <source>{receipt} は {holder} が担当しています（{since} から）</source>
        <translation>{receipt} is being handled by {holder} (since {since})</translation>
    </message>
    <message>
        <location filename="../../desktop/claims.py" line="66"/>
        <source>{receipt} は {staff} が {when} に受理しました</source>
        <translation>{receipt} was accepted by {staff} at {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/claims.py" line="68"/>
        <source>{receipt} は {staff} が {when} に不受理にしました</source>
        <translation>{receipt} was rejected by {staff} at {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/claims.py" line="128"/>
        <source>{user} には担当を割り当てられません（有効な窓口担当・監督者のみ）</source>
        <translation>{user} cannot be given the notice (only active clerks and supervisors)</translation>
    </message>
    <message>
        <location filename="../../desktop/context.py" line="55"/>
        <source>ハブのURLが設定されていません。設定画面、--hub-url または MOVEDESK_HUB_URL で設定してください</source>
        <translation>no hub URL: set it in Settings, with --hub-url or MOVEDESK_HUB_URL</translation>
    </message>
    <message>
        <location filename="../../desktop/context.py" line="64"/>
        <source>事業者IDが設定されていません。設定画面、--partner-id または MOVEDESK_PARTNER_ID で設定してください</source>
        <translation>no partner ID: set it in Settings, with --partner-id or MOVEDESK_PARTNER_ID</translation>
    </message>
    <message>
        <location filename="../../desktop/context.py" line="74"/>
        <source>事業者ID {partner} のハブのパスワードが保存されていません。設定画面か &apos;movedesk login&apos; で資格情報ストアに保存してください（MOVEDESK_HUB_PASSWORD でも設定できますが、安全ではありません）</source>
        <translation>no hub password for {partner}: store it in the credential store from Settings or with &apos;movedesk login&apos; (or set MOVEDESK_HUB_PASSWORD, the less safe way)</translation>
    </message>
    <message>
        <location filename="../../desktop/fax_notices.py" line="59"/>
        <source>受信ファクス {fax} はもうありません</source>
        <translation>received fax {fax} is no longer there</translation>
    </message>
    <message>
        <location filename="../../desktop/fax_notices.py" line="71"/>
        <source>受信ファクス {fax} からは {staff} が {when} に届出 {receipts} を登録しました。内容を確かめてから、必要なら入力し直してください</source>
        <translation>From received fax {fax}, {staff} filed notice {receipts} at {when}. Check it, and type the notice again only if it is another one</translation>
    </message>
    <message>
        <location filename="../../desktop/fax_notices.py" line="419"/>
        <source>ファクスの受付番号を取れませんでした。もう一度試してください</source>
        <translation>no free FAX receipt number could be taken; try again</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="83"/>
        <source>「{path}」に書き込む権限がありません。別の場所を選んでください</source>
        <translation>no permission to write {path}: choose another place</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="92"/>
        <source>「{path}」のフォルダがありません。別の場所を選んでください</source>
        <translation>the folder of {path} does not exist: choose another place</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="100"/>
        <source>「{path}」を保存する空きがディスクにありません</source>
        <translation>the disk has no room left for {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="106"/>
        <source>「{path}」はフォルダです。ファイル名を入力してください</source>
        <translation>{path} is a folder: enter a file name</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="113"/>
        <source>「{path}」を扱えません（{reason}）</source>
        <translation>cannot use {path} ({reason})</translation>
    </message>
    <message>
        <location filename="../../desktop/secrets.py" line="146"/>
        <source>資格情報ストア（Windows 資格情報マネージャー）を読めません（{reason}）</source>
        <translation>the credential store (Windows Credential Manager) cannot be read ({reason})</translation>
    </message>
    <message>
        <location filename="../../desktop/secrets.py" line="163"/>
        <source>資格情報ストア（Windows 資格情報マネージャー）に保存できません（{reason}）</source>
        <translation>the credential store (Windows Credential Manager) cannot be written ({reason})</translation>
    </message>
    <message>
        <location filename="../../fax/jobs.py" line="100"/>
        <source>文書「{name}」をファクスにできません。壊れているか、PDF・画像・TIFFではありません</source>
        <translation>{name} cannot be faxed: it is damaged, or not a PDF, image or TIFF</translation>
    </message>
    <message>
        <location filename="../../fax/jobs.py" line="111"/>
        <source>ファクスにする文書にページがありません</source>
        <translation>the document to fax has no pages</translation>
    </message>
    <message>
        <location filename="../../fax/jobs.py" line="145"/>
        <source>ファクスのジョブ {job} に文書がありません</source>
        <translation>fax job {job} has no document</translation>
    </message>
    <message>
        <location filename="../../fax/jobs.py" line="197"/>
        <source>FAX番号「{number}」が正しくありません。数字で入力してください</source>
        <translation>{number} is not a fax number: enter digits</translation>
    </message>
    <message>
        <location filename="../../fax/job_report.py" line="36"/>
        <source>ファクスのジョブ {job} はありません</source>
        <translation>there is no fax job {job}</translation>
    </message>
    <message>
        <location filename="../../ui/print_job.py" line="65"/>
        <source>PDFファイル「{path}」に書き込めません。保存先のフォルダと書き込み権限を確かめてください</source>
        <translation>the PDF file {path} cannot be written: check the folder and the permission to write there</translation>
    </message>
    <message>
        <location filename="../../ui/print_job.py" line="73"/>
        <source>プリンタ「{name}」を開けません。電源、接続、用紙を確かめてください</source>
        <translation>the printer {name} cannot be opened: check its power, cable and paper</translation>
    </message>
    <message>
        <location filename="../../ui/print_job.py" line="124"/>
        <source>プリンタ「{name}」はありません（このPCのプリンタ: {known}）</source>
        <translation>there is no printer named {name} (printers on this PC: {known})</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/access.py" line="119"/>
        <source>「{command}」にはサインインが必要です: --staff 利用者ID（パスワードを入力）または --service サービスアカウント名</source>
        <translation>&apos;{command}&apos; needs you to sign in: --staff USER-ID (you are asked for the password) or --service SERVICE-ACCOUNT</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/access.py" line="166"/>
        <source>アカウントがロックされています。監督者に解除を依頼してください</source>
        <translation>the account is locked; ask a supervisor to unlock it</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/access.py" line="173"/>
        <source>利用者IDまたはパスワードが違います（あと {left} 回でロックされます）</source>
        <translation>wrong user ID or password ({left} more attempt(s) before the account is locked)</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/access.py" line="181"/>
        <source>利用者IDまたはパスワードが違います</source>
        <translation>wrong user ID or password</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/access.py" line="206"/>
        <source>--staff と --service のどちらか一方だけを指定してください</source>
        <translation>give only one of --staff and --service</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/access.py" line="217"/>
        <source>パスワードがありません</source>
        <translation>no password given</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/common.py" line="49"/>
        <source>{path} を書けません: フォルダ {folder} がありません</source>
        <translation>cannot write {path}: the folder {folder} does not exist</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/common.py" line="220"/>
        <source>予期しないエラーです（{kind}: {text}）。詳細は {log}</source>
        <translation>unexpected error ({kind}: {text}); details in {log}</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/common.py" line="236"/>
        <source>データベースを使えません: {reason}</source>
        <translation>the database cannot be used: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/common.py" line="243"/>
        <source>データベースURLを使えません: {reason}</source>
        <translation>the database URL cannot be used: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/core_commands.py" line="243"/>
        <source>{host}:{port} で模擬ハブを開けません（{reason}）。--port で別のポートを指定してください</source>
        <translation>the simulator cannot listen on {host}:{port} ({reason}); choose another with --port</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/document_commands.py" line="74"/>
        <source>プリンター「{name}」はありません（このPCのプリンター: {known}）</source>
        <translation>no printer named &apos;{name}&apos; (printers here: {known})</translation>
    </message>
    <message>
        <location filename="../../desktop/service_accounts.py" line="79"/>
        <source>サービスアカウント名「{name}」は使えません。2〜32文字の英数字と . _ - で入力してください</source>
        <translation>&apos;{name}&apos; cannot be a service account name: use 2 to 32 letters, digits and . _ -</translation>
    </message>
    <message>
        <location filename="../../desktop/service_accounts.py" line="89"/>
        <source>サービスアカウントに許可するコマンドを指定してください</source>
        <translation>name the commands the service account may run</translation>
    </message>
    <message>
        <location filename="../../desktop/service_accounts.py" line="99"/>
        <source>サービスアカウント {name} は既にあります</source>
        <translation>there is already a service account {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/service_accounts.py" line="134"/>
        <location filename="../../desktop/service_accounts.py" line="156"/>
        <source>サービスアカウント {name} はありません</source>
        <translation>there is no service account {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/service_accounts.py" line="162"/>
        <source>サービスアカウント {name} の秘密鍵がこのPCの資格情報マネージャーにありません。ジョブを実行するWindowsアカウントで作り直してください</source>
        <translation>the secret of service account {name} is not in this PC&apos;s credential store; create the account again as the Windows account that runs the job</translation>
    </message>
    <message>
        <location filename="../../desktop/service_accounts.py" line="172"/>
        <source>サービスアカウント {name} の記録が変更されています。監督者が作り直してください</source>
        <translation>the record of service account {name} has been altered; a supervisor must create it again</translation>
    </message>
    <message>
        <location filename="../../desktop/service_accounts.py" line="182"/>
        <source>サービスアカウント {name} は「{command}」を実行できません（許可されているのは {allowed}）</source>
        <translation>service account {name} may not run &apos;{command}&apos; (it may run: {allowed})</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/claim_commands.py" line="28"/>
        <source>受付番号「{receipt}」は使えません。英数字で始まり、英数字・-・_ で40文字までです</source>
        <translation>“{receipt}” is not a receipt number: it starts with a letter or digit and has up to 40 letters, digits, - and _</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/claim_commands.py" line="40"/>
        <source>{receipt} の担当: {holder}（{since}から）。引き継ぐには --take-over を付けてください</source>
        <translation>{receipt} is claimed by {holder} since {since}; add --take-over to take it over</translation>
    </message>
    <message>
        <location filename="../../desktop/cli/claim_commands.py" line="53"/>
        <source>{receipt} の担当: {holder}（{since}から）。解除できるのは担当者か監督者だけです</source>
        <translation>{receipt} is claimed by {holder} since {since}; only its holder or a supervisor may release it</translation>
    </message>
    <message>
        <location filename="../../desktop/fax_inbox.py" line="108"/>
        <source>受信ファクス {fax} の画像は、受信した席（{seat}）のPCにだけあります</source>
        <translation>The pages of received fax {fax} are only on the PC that received it ({seat})</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../ui/dashboard.py" line="59"/>
        <source>件数</source>
        <translation>Counts</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="60"/>
        <source>過去30日の移転日別件数</source>
        <translation>Notices by move date, last 30 days</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="93"/>
        <source>集計できませんでした</source>
        <translation>The figures could not be counted</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="105"/>
        <source>集計できませんでした: %1</source>
        <translation>The figures could not be counted: %1</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="117"/>
        <source>今日の転入</source>
        <translation>Today&apos;s move-ins</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="118"/>
        <source>今日の転出</source>
        <translation>Today&apos;s move-outs</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="119"/>
        <source>今日が期限</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="120"/>
        <source>期限切れ</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="121"/>
        <source>送信待ちの処理</source>
        <translation>Decisions to send</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="135"/>
        <source>転入</source>
        <translation>Move-in</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="136"/>
        <source>転出</source>
        <translation>Move-out</translation>
    </message>
</context>
<context>
    <name>DecisionActions</name>
    <message>
        <location filename="../../ui/decision_actions.py" line="40"/>
        <source>処理できません</source>
        <translation>Cannot do that</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="49"/>
        <source>担当の引き継ぎ</source>
        <translation>Take over</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="50"/>
        <source>{holder} が {since} から担当しています。担当を引き継ぎますか？</source>
        <translation>{holder} has been handling this notice since {since}. Take it over?</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="92"/>
        <source>届出が変更されました</source>
        <translation>The notice was changed</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="93"/>
        <source>届出人がこの届出を変更しました。変更点を確認してから処理してください。</source>
        <translation>The resident changed this notice. Look at the changes before deciding.</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="98"/>
        <source>お客さま番号</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="123"/>
        <source>再開</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="124"/>
        <source>この届出の処理を取り消して、処理中に戻しますか？</source>
        <translation>Undo the decision on this notice and put it back in progress?</translation>
    </message>
</context>
<context>
    <name>DeskSession</name>
    <message>
        <location filename="../../ui/session.py" line="213"/>
        <source>このデータベースは新しい版の MoveDesk が書いたものです。変更せずに終了します。その版の MoveDesk を使うか、別のデータベースを設定してください。</source>
        <translation>This database was written by a newer MoveDesk; it is left unchanged and MoveDesk stops here. Use that version of MoveDesk, or set another database.</translation>
    </message>
    <message>
        <location filename="../../ui/session.py" line="220"/>
        <source>このデータベースには MoveDesk のものではない表があります。変更せずに終了します。設定のデータベースを確かめてください。</source>
        <translation>This database holds tables that are not MoveDesk&apos;s; it is left unchanged and MoveDesk stops here. Check the database in the settings.</translation>
    </message>
    <message>
        <location filename="../../ui/session.py" line="227"/>
        <source>データを開けません: %1</source>
        <translation>Cannot open the data: %1</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <location filename="../../ui/document_actions.py" line="135"/>
        <source>%1：「%2」（%3）は印刷できる字形がないため「〓」で印刷されます</source>
        <translation>%1: “%2” (%3) is in no font MoveDesk has and prints as 〓</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="171"/>
        <source>受付票 %1</source>
        <translation>Notice sheet %1</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="212"/>
        <source>CSVで書き出す</source>
        <translation>Export as CSV</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="230"/>
        <source>%1行目 %2: 「%3」 %4</source>
        <translation>row %1, %2: &quot;%3&quot; %4</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="239"/>
        <source>Shift_JISで書けない文字</source>
        <translation>Characters Shift_JIS cannot hold</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="241"/>
        <source>次の文字はShift_JIS（cp932）で書けません。「%1」に置き換えて書き出しますか？

</source>
        <translation>These characters cannot be written in Shift_JIS (cp932). Export them as &quot;%1&quot;?

</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="256"/>
        <location filename="../../ui/document_actions.py" line="263"/>
        <source>書き出しできません</source>
        <translation>Cannot export</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="267"/>
        <source>%1 件を書き出しました: %2</source>
        <translation>Exported %1 notices: %2</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../../ui/i18n.py" line="101"/>
        <source>データベースの処理に失敗しました（%1）。詳しくはログを見てください。</source>
        <translation>A database operation failed (%1). See the log for details.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="104"/>
        <source>予期しない問題が起きました。詳しくはログを見てください（%1）</source>
        <translation>Something unexpected went wrong; the log has the details (%1)</translation>
    </message>
</context>
<context>
    <name>EvidencePanel</name>
    <message>
        <location filename="../../ui/evidence_view.py" line="109"/>
        <source>ファクスで届いた届出（参考資料）</source>
        <translation>Notices received by fax (for reference)</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="111"/>
        <source>項目</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="111"/>
        <source>登録済みの届出</source>
        <translation>Stored notice</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="111"/>
        <source>ファクスの内容</source>
        <translation>As faxed</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="113"/>
        <source>取り下げる理由（任意）</source>
        <translation>Reason for setting it aside (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="114"/>
        <source>ファクスの内容を反映</source>
        <translation>Apply the faxed content</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="115"/>
        <source>反映せずに取り下げ</source>
        <translation>Set aside without applying</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="135"/>
        <source>版</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="154"/>
        <source>ハブから同じかより新しい版が届いています。反映できません</source>
        <translation>The hub has since delivered this version or a newer one; it cannot be applied</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="156"/>
        <source>確認待ち：窓口担当が確認するまで届出は変わりません</source>
        <translation>Awaiting a clerk: the notice does not change until a clerk confirms</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="157"/>
        <source>参考資料：届出は変わりません</source>
        <translation>For reference: the notice does not change</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="158"/>
        <source>確認済み：%1 が反映しました</source>
        <translation>Confirmed: applied by %1</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="159"/>
        <source>取り下げ：%1 が反映しないと判断しました</source>
        <translation>Set aside: %1 decided not to apply it</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="161"/>
        <source>ハブの署名が正しく、ハブに接続できない間の代わりとして反映しました</source>
        <translation>Signed by the hub: applied in the hub&apos;s place while the hub could not be reached</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="163"/>
        <source>ハブの新しい版が届いたため反映しませんでした</source>
        <translation>Not applied: a newer version came from the hub</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="169"/>
        <source>この受付番号の届出はまだ登録されていません</source>
        <translation>No notice with this receipt number is stored yet</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="170"/>
        <source>登録済みの版 %1 より新しい版です</source>
        <translation>Newer than the stored version %1</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="171"/>
        <source>取消の届出です（登録済みの届出は取り消されていません）</source>
        <translation>A cancellation (the stored notice has not been cancelled)</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="172"/>
        <source>登録済みの版と同じ内容です</source>
        <translation>The same as the stored version</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="173"/>
        <source>登録済みの版 %1 と版番号が同じで内容が違います</source>
        <translation>Same version number as the stored version %1, different content</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="174"/>
        <source>登録済みの版 %1 より古い版です</source>
        <translation>Older than the stored version %1</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="179"/>
        <source>ハブの署名：正しい</source>
        <translation>Hub signature: valid</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="180"/>
        <source>ハブの署名：正しくありません（偽造または改変の疑い）</source>
        <translation>Hub signature: not valid (possibly forged or altered)</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="181"/>
        <source>ハブの署名：なし</source>
        <translation>Hub signature: none</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="182"/>
        <source>ハブの署名：あり（公開鍵が設定されていないため未確認）</source>
        <translation>Hub signature: present (not checked: no hub public key is set)</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="187"/>
        <source>送信元ID: %1</source>
        <translation>Sender ID: %1</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="188"/>
        <source>発信者番号: %1</source>
        <translation>Caller ID: %1</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="189"/>
        <source>受信: %1</source>
        <translation>Received: %1</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="195"/>
        <source>MoveDesk の受付票（%1 が印刷）</source>
        <translation>MoveDesk notice sheet (printed by %1)</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="198"/>
        <source>ページ %1</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="221"/>
        <source>登録済みの届出: 版 %1、%2</source>
        <translation>Stored notice: version %1, %2</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="228"/>
        <source>参照権限では反映も取り下げもできません</source>
        <translation>Viewers can neither apply nor set aside a faxed notice</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="246"/>
        <source>ハブ状態</source>
        <translation>Hub state</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="291"/>
        <source>ファクスの内容を届出 %1 に反映しました</source>
        <translation>Applied the faxed content to notice %1</translation>
    </message>
    <message>
        <location filename="../../ui/evidence_view.py" line="309"/>
        <source>ファクスの届出 %1 を取り下げました</source>
        <translation>Set aside the faxed notice %1</translation>
    </message>
</context>
<context>
    <name>FaxController</name>
    <message>
        <location filename="../../ui/fax_controller.py" line="135"/>
        <source>ファクス(&amp;X)</source>
        <translation>Fa&amp;x</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="136"/>
        <source>ファクス画面(&amp;W)</source>
        <translation>Fax &amp;window</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="137"/>
        <source>ファクスを送信…</source>
        <translation>Send a fax…</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="138"/>
        <source>モデムの設定…</source>
        <translation>Modem settings…</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="186"/>
        <source>ファクスで届出の写しが届きました（窓口で確認してください）: %1</source>
        <translation>A faxed copy of a notice arrived (check it in the fax window): %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="189"/>
        <source>ファクスを受信しました（%1 枚）</source>
        <translation>Fax received (%1 pages)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="236"/>
        <source>ファクスを受信しました（%1 枚、%2 のモデム）</source>
        <translation>A fax arrived (%1 pages, on the modem of %2)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="300"/>
        <source>宛先帳に保存できるのは監督者です</source>
        <translation>Only a supervisor can save to the address book</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="334"/>
        <source>受付票 %1</source>
        <translation>Notice sheet %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="384"/>
        <source>送信待ちに入れました: %1（今はモデムの席が動いていないため、その席が起動するまで送られません）</source>
        <translation>Queued: %1 (no seat with a modem is running now, so it is sent once that seat starts)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="388"/>
        <source>送信待ちに入れました: %1</source>
        <translation>Queued for sending: %1</translation>
    </message>
    <message>
        <location filename="../../ui/modem_setup.py" line="41"/>
        <source>モデムの設定</source>
        <translation>Modem settings</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="311"/>
        <location filename="../../ui/fax_controller.py" line="396"/>
        <source>ファクスを送信できません</source>
        <translation>Cannot send the fax</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="415"/>
        <source>宛先帳に保存できません: %1</source>
        <translation>Not saved to the address book: %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="454"/>
        <source>送信結果 %1</source>
        <translation>Transmission report %1</translation>
    </message>
</context>
<context>
    <name>FaxInboxModel</name>
    <message>
        <location filename="../../ui/fax_models.py" line="72"/>
        <source>ページ1</source>
        <translation>Page 1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="73"/>
        <source>受信日時</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="74"/>
        <source>送信元</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="75"/>
        <source>枚数</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="76"/>
        <source>状態</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="101"/>
        <source>届出 %1</source>
        <translation>Notice %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="103"/>
        <source>未処理</source>
        <translation>Not handled</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="106"/>
        <source>読めないページ %1（データは保存済み）</source>
        <translation>unreadable page %1 (data kept)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="108"/>
        <source>一部のみ受信</source>
        <translation>partly received</translation>
    </message>
</context>
<context>
    <name>FaxNoticeForm</name>
    <message>
        <location filename="../../ui/fax_notice_form.py" line="146"/>
        <source>ファクスから届出を作成</source>
        <translation>Make a notice from the fax</translation>
    </message>
    <message>
        <location filename="../../ui/fax_notice_form.py" line="147"/>
        <source>受付番号（空欄は自動採番）</source>
        <translation>Receipt no. (empty: numbered automatically)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_notice_form.py" line="148"/>
        <source>ハブの受付番号があれば入力</source>
        <translation>Enter the hub&apos;s receipt number if there is one</translation>
    </message>
    <message>
        <location filename="../../ui/fax_notice_form.py" line="149"/>
        <source>届出を登録</source>
        <translation>Save notice</translation>
    </message>
    <message>
        <location filename="../../ui/fax_notice_form.py" line="150"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>FaxOutboxModel</name>
    <message>
        <location filename="../../ui/fax_models.py" line="152"/>
        <source>番号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="153"/>
        <source>登録日時</source>
        <translation>Queued at</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="154"/>
        <source>宛先</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="155"/>
        <source>件名</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="156"/>
        <source>ページ</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="157"/>
        <source>状態</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="158"/>
        <source>次の試行</source>
        <translation>Next try</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="159"/>
        <source>エラー</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="164"/>
        <source>送信待ち</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="165"/>
        <source>送信中</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="166"/>
        <source>送信済み</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="167"/>
        <source>送信失敗</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="168"/>
        <source>取消</source>
        <translation>Cancelled</translation>
    </message>
</context>
<context>
    <name>FaxWindow</name>
    <message>
        <location filename="../../ui/fax_window.py" line="196"/>
        <source>ファクス — MoveDesk</source>
        <translation>Fax — MoveDesk</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="197"/>
        <source>受信箱</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="198"/>
        <source>送信箱</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="199"/>
        <source>未処理のファクスだけ表示</source>
        <translation>Show only faxes not yet handled</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="200"/>
        <source>このファクスから届出を作成</source>
        <translation>Make a notice from this fax</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="201"/>
        <source>ファクスを送信…</source>
        <translation>Send a fax…</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="202"/>
        <source>再送</source>
        <translation>Send again</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="203"/>
        <source>送信取消</source>
        <translation>Cancel sending</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="204"/>
        <source>送信結果を表示</source>
        <translation>Show transmission report</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="205"/>
        <source>モデムの設定…</source>
        <translation>Modem settings…</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="219"/>
        <source>このPCにはモデムがありません。ファクスは %1 のモデムで送受信します（送信待ちに入れると、その席が送ります）。</source>
        <translation>This PC has no modem. Faxes go and come through the modem of %1 (a queued fax is sent by that seat).</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="224"/>
        <source>モデムのある席（%1）が応答していません。送信待ちのファクスは、その席が戻るか、ほかのモデムのある席が引き継ぐと送られます。</source>
        <translation>The seat with the modem (%1) is not answering. Queued faxes are sent when it is back or another seat with a modem takes over.</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="228"/>
        <source>モデムが設定されていません。事務所のどの席もモデムを使っていないため、送信待ちのファクスはまだ送られません。モデムをつないだPCで「モデムの設定」からポートを選んでください。</source>
        <translation>No modem is set. No seat in the office is using a modem, so queued faxes are not sent yet. On the PC the modem is plugged into, choose its port in Modem settings.</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="237"/>
        <source>%1: 待機中（事務所のモデムは %2 が使っています。その席が止まると引き継ぎます）</source>
        <translation>%1: standing by (the office&apos;s modem is in use by %2; this seat takes over if it stops)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="243"/>
        <source>停止中</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="244"/>
        <source>モデムに接続できません</source>
        <translation>Cannot reach the modem</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="245"/>
        <source>待機中（着信に自動で応答します）</source>
        <translation>Waiting (answers incoming calls automatically)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="246"/>
        <source>送信中（ジョブ %1）</source>
        <translation>Sending (job %1)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="247"/>
        <source>受信中</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="248"/>
        <source>モデムを確認中</source>
        <translation>Checking the modem</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="356"/>
        <source>ファクスを選ぶとページが表示されます</source>
        <translation>Choose a fax to see its pages</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="360"/>
        <source>受信した席: %1</source>
        <translation>Received at: %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="363"/>
        <source>登録した職員: %1（%2）</source>
        <translation>Filed by: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="368"/>
        <source>受信時の問題: %1</source>
        <translation>Reception problem: %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="370"/>
        <source>読取コード: %1</source>
        <translation>Notice code: %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="418"/>
        <source>既にある届出 %1 にこのファクスを結び付けました</source>
        <translation>This fax was linked to the existing notice %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="420"/>
        <source>届出 %1 を登録しました</source>
        <translation>Notice %1 saved</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../ui/filter_bar.py" line="97"/>
        <source>未処理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/filter_bar.py" line="98"/>
        <source>今日の転入</source>
        <translation>Today&apos;s move-ins</translation>
    </message>
    <message>
        <location filename="../../ui/filter_bar.py" line="99"/>
        <source>今日の転出</source>
        <translation>Today&apos;s move-outs</translation>
    </message>
    <message>
        <location filename="../../ui/filter_bar.py" line="100"/>
        <location filename="../../ui/filter_bar.py" line="127"/>
        <source>期限切れ</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/filter_bar.py" line="101"/>
        <source>すべて</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/filter_bar.py" line="106"/>
        <source>受付番号・お客さま番号・氏名・フリガナ・住所で検索 (Ctrl+F)</source>
        <translation>Search receipt no., customer no., name, kana or address (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/filter_bar.py" line="119"/>
        <source>状態: すべて</source>
        <translation>Status: all</translation>
    </message>
    <message>
        <location filename="../../ui/filter_bar.py" line="119"/>
        <source>種別: すべて</source>
        <translation>Kind: all</translation>
    </message>
    <message>
        <location filename="../../ui/filter_bar.py" line="125"/>
        <source>移転日</source>
        <translation>Move date</translation>
    </message>
    <message>
        <location filename="../../ui/filter_bar.py" line="126"/>
        <source>今日が期限</source>
        <translation>Due today</translation>
    </message>
</context>
<context>
    <name>ListChoiceDialog</name>
    <message>
        <location filename="../../ui/document_actions.py" line="44"/>
        <source>CSVで書き出す</source>
        <translation>Export as CSV</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="44"/>
        <source>一覧を印刷</source>
        <translation>Print a list</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="56"/>
        <source>まとめない</source>
        <translation>No grouping</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="57"/>
        <source>市区町村ごと</source>
        <translation>By municipality</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="58"/>
        <source>町名ごと</source>
        <translation>By town</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="60"/>
        <source>UTF-8（BOM付き）</source>
        <translation>UTF-8 (with BOM)</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="61"/>
        <source>Shift_JIS（cp932、Excel向け）</source>
        <translation>Shift_JIS (cp932, for Excel)</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="62"/>
        <source>種別</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="63"/>
        <source>移転日（から）</source>
        <translation>Move date (from)</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="64"/>
        <source>移転日（まで）</source>
        <translation>Move date (to)</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="66"/>
        <source>文字コード</source>
        <translation>Encoding</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="68"/>
        <source>まとめ方</source>
        <translation>Grouping</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="229"/>
        <source>デモ — 模擬ハブにつながっています。表示される住民は架空の人物です。</source>
        <translation>DEMO — connected to the hub simulator. The residents shown are fictitious.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="233"/>
        <source>ハブに接続できません。このまま作業を続けられます。処理結果は接続が戻りしだい送信します。</source>
        <translation>The hub cannot be reached. You can go on working; decisions are sent as soon as the connection is back.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="238"/>
        <source>データベースに接続できません。ほかの席の処理は表示されず、この席の処理も保存できません。接続が戻ると自動で再開します。</source>
        <translation>The database cannot be reached. Other seats&apos; work is not shown and work at this seat cannot be saved. MoveDesk carries on by itself when the connection is back.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="242"/>
        <source>届出</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="243"/>
        <location filename="../../ui/main_window.py" line="265"/>
        <source>ダッシュボード</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="244"/>
        <source>ファイル(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="245"/>
        <source>表示(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="246"/>
        <source>届出(&amp;N)</source>
        <translation>&amp;Notice</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="247"/>
        <source>管理(&amp;A)</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="248"/>
        <source>今すぐ同期(&amp;S)</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="249"/>
        <source>設定(&amp;O)…</source>
        <translation>Settings (&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="250"/>
        <source>この届出を印刷(&amp;P)…</source>
        <translation>&amp;Print this notice…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="251"/>
        <source>転入一覧を印刷…</source>
        <translation>Print move-in list…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="252"/>
        <source>転出一覧を印刷…</source>
        <translation>Print move-out list…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="253"/>
        <source>CSVで書き出す…</source>
        <translation>Export as CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254"/>
        <source>サインアウト</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="255"/>
        <source>終了(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="257"/>
        <source>未処理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="258"/>
        <source>今日の転入</source>
        <translation>Today&apos;s move-ins</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="259"/>
        <source>今日の転出</source>
        <translation>Today&apos;s move-outs</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="260"/>
        <source>期限切れ</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="261"/>
        <source>すべての届出</source>
        <translation>All notices</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="266"/>
        <source>言語 / Language</source>
        <translation>Language / 言語</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="269"/>
        <source>検索(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="270"/>
        <source>次の届出</source>
        <translation>Next notice</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="271"/>
        <source>前の届出</source>
        <translation>Previous notice</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272"/>
        <source>担当する</source>
        <translation>Take it</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="273"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="274"/>
        <source>不受理…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="275"/>
        <source>変更を確認した</source>
        <translation>Changes seen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="276"/>
        <source>再開（監督者）</source>
        <translation>Reopen (supervisor)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="277"/>
        <source>職員の登録…</source>
        <translation>New staff account…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="278"/>
        <source>ロック解除…</source>
        <translation>Unlock account…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="279"/>
        <source>職員の管理…</source>
        <translation>Manage staff…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="280"/>
        <source>監査ログ…</source>
        <translation>Audit log…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="281"/>
        <source>パスワードの変更…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="283"/>
        <source>サインイン中: %1</source>
        <translation>Signed in: %1</translation>
    </message>
    <message>
        <location filename="../../ui/list_status.py" line="14"/>
        <source>%1 件以上（読み込み中…）</source>
        <translation>%1 or more (loading…)</translation>
    </message>
    <message>
        <location filename="../../ui/list_status.py" line="19"/>
        <source>該当 %1 件以上のうち急ぐもの %2 件を表示しています</source>
        <translation>More than %1 match; showing the %2 most urgent</translation>
    </message>
    <message>
        <location filename="../../ui/list_status.py" line="23"/>
        <source>該当 %1 件のうち急ぐもの %2 件を表示しています</source>
        <translation>%1 match; showing the %2 most urgent</translation>
    </message>
    <message>
        <location filename="../../ui/list_status.py" line="28"/>
        <source>続けて入力して絞り込んでください</source>
        <translation>keep typing to narrow the search</translation>
    </message>
    <message>
        <location filename="../../ui/list_status.py" line="30"/>
        <source>%1 件</source>
        <translation>%1 notices</translation>
    </message>
    <message>
        <location filename="../../ui/list_status.py" line="32"/>
        <source>住所はあと%1文字入力してください</source>
        <translation>Type %1 more character(s) to search addresses</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="445"/>
        <source>同期できません: %1</source>
        <translation>Cannot sync: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="500"/>
        <source>一部エラー %1 件</source>
        <translation>%1 errors</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="427"/>
        <source>同期中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="454"/>
        <source>新しい届出が %1 件届きました</source>
        <translation>%1 new notices arrived</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="466"/>
        <source>同期に失敗しました: %1</source>
        <translation>Sync failed: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="479"/>
        <source>前回の同期でエラー</source>
        <translation>the last sync had errors</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="483"/>
        <source>同期中の席: %1</source>
        <translation>Pulling now: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="486"/>
        <source>事務所の最終同期 %1</source>
        <translation>Office last synced %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="493"/>
        <source>まだ同期していません</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="477"/>
        <location filename="../../ui/main_window.py" line="495"/>
        <source>最終同期 %1</source>
        <translation>Last sync %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="497"/>
        <source>オフライン</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="508"/>
        <source>送信待ち %1 件</source>
        <translation>%1 waiting to be sent</translation>
    </message>
</context>
<context>
    <name>ModemSettingsDialog</name>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="212"/>
        <source>モデムの設定</source>
        <translation>Modem settings</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="220"/>
        <source>自動（2.0、2、1.0、1 の順）</source>
        <translation>Automatic (2.0, 2, 1.0, 1 in that order)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="224"/>
        <source>標準（LSB が先）</source>
        <translation>Direct (LSB first)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="225"/>
        <source>反転（MSB が先）</source>
        <translation>Reversed (MSB first)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="227"/>
        <source>ハードウェア（RTS/CTS）</source>
        <translation>Hardware (RTS/CTS)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="228"/>
        <source>ソフトウェア（XON/XOFF）</source>
        <translation>Software (XON/XOFF)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="238"/>
        <source>モデム確認</source>
        <translation>Test modem</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="244"/>
        <source>ポート</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="245"/>
        <source>ファクスクラス</source>
        <translation>Fax class</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="246"/>
        <source>ビット順序</source>
        <translation>Bit order</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="247"/>
        <source>フロー制御</source>
        <translation>Flow control</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="248"/>
        <source>自動応答までの呼出回数</source>
        <translation>Rings before answering</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="265"/>
        <source>確認しています…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>NewStaffDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="168"/>
        <source>最初の監督者を登録</source>
        <translation>Create the first supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="168"/>
        <source>職員の登録</source>
        <translation>New staff account</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="173"/>
        <source>MoveDesk を初めて起動しました。職員の管理や印刷の設定を行う監督者のアカウントを作成してください。</source>
        <translation>This is the first start of MoveDesk. Create the account of a supervisor, who manages staff and printing.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="177"/>
        <source>監督者は2人以上いることをおすすめします（1人がロックされたり不在のときに備えて）。サインイン後、「管理 → 職員の管理」で2人目を登録してください。</source>
        <translation>At least two supervisors are recommended (in case one is locked out or away). After signing in, add a second one under Admin → Manage staff.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="192"/>
        <source>利用者ID(&amp;U)</source>
        <translation>&amp;User ID</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="193"/>
        <source>氏名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="194"/>
        <source>権限(&amp;R)</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="195"/>
        <source>パスワード(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="196"/>
        <source>パスワード（確認）</source>
        <translation>Password (again)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="204"/>
        <source>登録</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="204"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="209"/>
        <source>確認用のパスワードが一致しません</source>
        <translation>The two passwords differ</translation>
    </message>
</context>
<context>
    <name>NoticePanel</name>
    <message>
        <location filename="../../ui/notice_panel.py" line="147"/>
        <source>届出内容</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="148"/>
        <source>変更履歴</source>
        <translation>Versions</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="149"/>
        <source>処理履歴</source>
        <translation>Decisions</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="151"/>
        <location filename="../../ui/notice_panel.py" line="154"/>
        <source>版</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="151"/>
        <source>受信日時</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="151"/>
        <source>項目</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="151"/>
        <source>変更内容</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="154"/>
        <source>処理</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="154"/>
        <location filename="../../ui/notice_panel.py" line="214"/>
        <source>担当</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="154"/>
        <source>日時</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="154"/>
        <source>送信状況</source>
        <translation>Sent to hub</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="156"/>
        <source>お客さま番号(&amp;N)</source>
        <translation>Customer &amp;number</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="157"/>
        <source>担当する</source>
        <translation>Take it</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="158"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="159"/>
        <source>不受理…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="160"/>
        <source>再開</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="161"/>
        <source>印刷…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="162"/>
        <source>変更を確認しました</source>
        <translation>I have seen the changes</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="184"/>
        <source>左の一覧から届出を選んでください</source>
        <translation>Choose a notice from the list</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="213"/>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="230"/>
        <source>届出人がこの届出を変更しました（版 %1 → %2）。確認するまで処理できません。</source>
        <translation>The resident changed this notice (version %1 → %2). It cannot be decided until you have seen the changes.</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="257"/>
        <source>受信</source>
        <translation>received</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="267"/>
        <source>送信待ち</source>
        <translation>waiting to be sent</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="268"/>
        <source>送信済み</source>
        <translation>sent</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="269"/>
        <source>競合（届出が変更された）</source>
        <translation>conflict (the notice changed)</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="270"/>
        <source>取消済みのため不要</source>
        <translation>not needed: cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="271"/>
        <source>取り下げ</source>
        <translation>withdrawn</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="272"/>
        <source>送信失敗</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="275"/>
        <source>適用されず（別のPCが先にハブで決定）</source>
        <translation>Not applied (another PC decided at the hub first)</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="276"/>
        <source>ハブで決定済み（別のPC）</source>
        <translation>Decided at the hub (another PC)</translation>
    </message>
</context>
<context>
    <name>NoticeTableModel</name>
    <message>
        <location filename="../../ui/notice_model.py" line="40"/>
        <source>受付番号</source>
        <translation>Receipt no.</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="41"/>
        <source>種別</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="42"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="43"/>
        <source>フリガナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="44"/>
        <source>使用場所</source>
        <translation>Service address</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="45"/>
        <source>開始日/中止日</source>
        <translation>Start/stop date</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="46"/>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="47"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="48"/>
        <source>担当</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="112"/>
        <source>届出人が内容を変更しました。変更点を確認してください</source>
        <translation>The resident changed this notice; look at the changes</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="117"/>
        <source>期限を過ぎています</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>PasswordRules</name>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="39"/>
        <source>パスワードは8〜32文字で、利用者IDを含まず、空白だけやよく使われるもの（password123 など）でないものにしてください。</source>
        <translation>Passwords have 8 to 32 characters, do not contain the user ID, and are neither only spaces nor a common one (such as password123).</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <location filename="../../ui/print_preview.py" line="84"/>
        <source>印刷(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="85"/>
        <source>PDFとして保存(&amp;S)…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="86"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="108"/>
        <location filename="../../ui/print_preview.py" line="113"/>
        <source>印刷できません</source>
        <translation>Cannot print</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="121"/>
        <location filename="../../ui/print_preview.py" line="137"/>
        <source>PDFとして保存</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="125"/>
        <location filename="../../ui/print_preview.py" line="132"/>
        <source>保存できません</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="137"/>
        <source>PDFを保存しました:
%1</source>
        <translation>The PDF is saved:
%1</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="25"/>
        <source>不受理の理由</source>
        <translation>Reason for rejection</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="27"/>
        <source>受付番号 %1</source>
        <translation>Receipt no. %1</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="32"/>
        <source>理由を選んでください</source>
        <translation>Choose a reason</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="34"/>
        <source>理由(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="36"/>
        <source>補足（「その他」のときは必須）</source>
        <translation>Explanation (required for &quot;Other&quot;)</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="39"/>
        <source>補足(&amp;T)</source>
        <translation>Explana&amp;tion</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="43"/>
        <source>不受理にする</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="43"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="61"/>
        <source>不受理の理由を選んでください</source>
        <translation>Choose why the notice is rejected</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="65"/>
        <source>「その他」を選んだときは補足を入力してください</source>
        <translation>Please explain when you choose &quot;Other&quot;</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="69"/>
        <source>補足は500文字以内にしてください</source>
        <translation>Keep the explanation within 500 characters</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="130"/>
        <source>パスワードの再設定</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="134"/>
        <source>%1 の仮のパスワードを決めてください。次のサインインで本人が変更します。ロックも解除されます。</source>
        <translation>Choose a temporary password for %1. They change it at their next sign-in. The account is also unlocked.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="142"/>
        <source>仮のパスワード(&amp;P)</source>
        <translation>Temporary &amp;password</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="143"/>
        <source>仮のパスワード（確認）</source>
        <translation>Temporary password (again)</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="148"/>
        <source>再設定</source>
        <translation>Reset</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="148"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="153"/>
        <source>確認用のパスワードが一致しません</source>
        <translation>The two passwords differ</translation>
    </message>
</context>
<context>
    <name>RetentionRunner</name>
    <message>
        <location filename="../../ui/retention_runner.py" line="54"/>
        <source>保存期間を過ぎた個人情報を削除しています…</source>
        <translation>Removing personal data past the retention period…</translation>
    </message>
    <message>
        <location filename="../../ui/retention_runner.py" line="64"/>
        <source>保存期間を過ぎた届出 %1 件、ファクス %2 件を削除しました</source>
        <translation>Removed %1 notices and %2 faxes past the retention period</translation>
    </message>
    <message>
        <location filename="../../ui/retention_runner.py" line="74"/>
        <source>保存期間を過ぎた個人情報を削除できませんでした: %1</source>
        <translation>Could not remove personal data past the retention period: %1</translation>
    </message>
</context>
<context>
    <name>SendFaxDialog</name>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="65"/>
        <source>ファクスを送信</source>
        <translation>Send a fax</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="67"/>
        <source>届出の受付票</source>
        <translation>Notice sheet</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="68"/>
        <source>転入・転出一覧</source>
        <translation>Move-in / move-out list</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="69"/>
        <source>PDF・画像ファイル</source>
        <translation>PDF or image file</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="72"/>
        <source>受付番号（複数はカンマ区切り）</source>
        <translation>Receipt numbers (separate several with commas)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="94"/>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="104"/>
        <source>（宛先帳から選ぶ）</source>
        <translation>(choose from the address book)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="111"/>
        <source>この宛先を宛先帳に保存する</source>
        <translation>Save this recipient in the address book</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="113"/>
        <source>ファイン（細かい文字向け）</source>
        <translation>Fine (for small print)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="114"/>
        <source>標準</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="123"/>
        <source>送るもの</source>
        <translation>What to send</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="125"/>
        <source>宛先帳</source>
        <translation>Address book</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="126"/>
        <source>ファクス番号</source>
        <translation>Fax number</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="127"/>
        <source>宛先名</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="129"/>
        <source>解像度</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="130"/>
        <source>件名</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="134"/>
        <source>送信待ちに入れる</source>
        <translation>Queue for sending</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="145"/>
        <source>送るファイル</source>
        <translation>File to send</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="147"/>
        <source>PDF・画像 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</source>
        <translation>PDF or image (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="162"/>
        <source>ファクス番号を入力してください</source>
        <translation>Enter a fax number</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="165"/>
        <source>受付番号を入力してください</source>
        <translation>Enter a receipt number</translation>
    </message>
    <message>
        <location filename="../../ui/fax_dialogs.py" line="167"/>
        <source>ファイルを選んでください</source>
        <translation>Choose a file</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="70"/>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="83"/>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="91"/>
        <source>変更するときだけ入力（資格情報マネージャーに保存）</source>
        <translation>Only to change it (kept in the credential store)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="93"/>
        <source>パスワード</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="95"/>
        <source>変更するときだけ入力</source>
        <translation>Only to change it</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="96"/>
        <source>証明書のパスフレーズ</source>
        <translation>Certificate passphrase</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="102"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="102"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="122"/>
        <source>クライアント証明書</source>
        <translation>Client certificate</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="122"/>
        <source>証明書 (*.pem *.crt *.p12 *.pfx)</source>
        <translation>Certificates (*.pem *.crt *.p12 *.pfx)</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="52"/>
        <source>MoveDesk サインイン</source>
        <translation>MoveDesk sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="58"/>
        <source>画面をロックしました。続けるにはパスワードを入力してください。</source>
        <translation>The screen is locked. Enter your password to go on.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="64"/>
        <source>利用者ID(&amp;U)</source>
        <translation>&amp;User ID</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="65"/>
        <source>パスワード(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="73"/>
        <source>デモ用アカウント</source>
        <translation>Demo accounts</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="114"/>
        <source>アカウントがロックされています。しばらくしてからやり直すか、監督者に解除を依頼してください。</source>
        <translation>This account is locked. Try again later, or ask a supervisor to unlock it.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="128"/>
        <source>パスワードを変更するまでサインインできません</source>
        <translation>You cannot sign in until you change your password</translation>
    </message>
    <message>
        <location filename="../../ui/selftest_qt.py" line="63"/>
        <location filename="../../ui/signin.py" line="80"/>
        <source>サインイン</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="81"/>
        <source>終了</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="81"/>
        <source>サインアウト</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="100"/>
        <source>利用者IDとパスワードを入力してください</source>
        <translation>Enter your user ID and password</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="105"/>
        <source>データを準備しています。しばらくお待ちください…</source>
        <translation>Opening the data, one moment…</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="120"/>
        <source>利用者IDまたはパスワードが違います（あと%1回でロックされます）</source>
        <translation>Wrong user ID or password (%1 more attempts before the account locks)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="124"/>
        <source>利用者IDまたはパスワードが違います</source>
        <translation>Wrong user ID or password</translation>
    </message>
</context>
<context>
    <name>StaffActions</name>
    <message>
        <location filename="../../ui/staff_actions.py" line="97"/>
        <source>監督者が1人だけです。ロックや不在に備えて、監督者を2人以上登録することをおすすめします。</source>
        <translation>There is only one supervisor. In case of a lock-out or absence, at least two supervisors are recommended.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_actions.py" line="103"/>
        <source>%1 は %2 日使われていないためロックされています。</source>
        <translation>%1 has not been used for %2 days and is locked.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_actions.py" line="106"/>
        <source>%1 は %2 日使われていません（%3 日でロックされます）。</source>
        <translation>%1 has not been used for %2 days (it is locked at %3 days).</translation>
    </message>
    <message>
        <location filename="../../ui/staff_actions.py" line="121"/>
        <source>監査ログが改ざんされた疑いがあります（%1 か所）。「管理 → 監査ログ」で確認し、movedesk audit verify で詳細を調べてください。</source>
        <translation>The audit log may have been tampered with (%1 places). Look at Admin → Audit log and run movedesk audit verify for details.</translation>
    </message>
</context>
<context>
    <name>StaffListDialog</name>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="180"/>
        <source>職員の管理</source>
        <translation>Manage staff</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="186"/>
        <source>利用者ID</source>
        <translation>User ID</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="187"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="188"/>
        <source>権限</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="189"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="190"/>
        <source>最終サインイン</source>
        <translation>Last sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="191"/>
        <source>未使用日数</source>
        <translation>Days unused</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="192"/>
        <source>パスワード経過日数</source>
        <translation>Password age (days)</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="205"/>
        <source>登録…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="206"/>
        <source>権限の変更…</source>
        <translation>Change role…</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="207"/>
        <source>パスワード再設定…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="208"/>
        <source>ロック解除</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="209"/>
        <location filename="../../ui/staff_dialogs.py" line="362"/>
        <source>無効にする</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="210"/>
        <source>有効に戻す</source>
        <translation>Reactivate</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="211"/>
        <source>棚卸CSV…</source>
        <translation>Inventory CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="212"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="235"/>
        <source>無効</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="238"/>
        <source>ロック中（長期未使用）</source>
        <translation>Locked (long unused)</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="240"/>
        <source>ロック中</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="243"/>
        <source>有効（パスワード変更待ち）</source>
        <translation>Active (password change due)</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="244"/>
        <source>有効</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="332"/>
        <source>権限の変更</source>
        <translation>Change role</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="333"/>
        <source>%1 の権限</source>
        <translation>Role of %1</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="343"/>
        <source>%1 の権限を変更しました</source>
        <translation>Role of %1 changed</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="352"/>
        <source>%1 のパスワードを再設定しました</source>
        <translation>Password of %1 reset</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="356"/>
        <source>%1 のロックを解除しました</source>
        <translation>%1 unlocked</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="363"/>
        <source>%1 をサインインできないようにしますか？記録は残ります。</source>
        <translation>Stop %1 from signing in? Their records are kept.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="368"/>
        <source>%1 を無効にしました</source>
        <translation>%1 deactivated</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="371"/>
        <source>%1 を有効に戻しました</source>
        <translation>%1 reactivated</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="378"/>
        <source>棚卸CSV</source>
        <translation>Inventory CSV</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="388"/>
        <source>書き出せません: %1</source>
        <translation>Cannot export: %1</translation>
    </message>
    <message>
        <location filename="../../ui/staff_dialogs.py" line="392"/>
        <source>%1 件のアカウントを書き出しました: %2</source>
        <translation>Exported %1 accounts: %2</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="71"/>
        <source>予期しないエラーが発生しました: %1

データベースは保護されています。詳しくはログを見てください:
%2</source>
        <translation>An unexpected error occurred: %1

The database is safe. The log has the details:
%2</translation>
    </message>
</context>
</TS>
