<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
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
        <location filename="../../desktop/domain/workflow.py" line="94"/>
        <source>参照</source>
        <translation>viewer</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="95"/>
        <source>窓口担当</source>
        <translation>clerk</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/workflow.py" line="96"/>
        <source>監督者</source>
        <translation>supervisor</translation>
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
        <location filename="../../desktop/service.py" line="81"/>
        <source>お客さま番号「{value}」は使えません。3〜20桁の数字で入力してください（先頭の0はそのまま残ります）</source>
        <translation>customer number (お客さま番号) {value!r} cannot be used: enter 3-20 digits (leading zeros are kept)</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="248"/>
        <source>処理「{decision}」はありません。accept か reject です</source>
        <translation>unknown decision {decision!r}: use accept or reject</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="258"/>
        <source>不受理には理由が必要です（{codes} のいずれか）</source>
        <translation>a rejection needs a reason: one of {codes}</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="266"/>
        <source>理由「その他」には説明の文章を入力してください</source>
        <translation>reason &apos;other&apos; needs a free-text explanation</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="273"/>
        <source>理由の文章は500文字以内で入力してください</source>
        <translation>the reason text is longer than 500 characters</translation>
    </message>
    <message>
        <location filename="../../desktop/service.py" line="294"/>
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
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../ui/dashboard.py" line="42"/>
        <source>件数</source>
        <translation>Counts</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="43"/>
        <source>過去30日の移転日別件数</source>
        <translation>Notices by move date, last 30 days</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="55"/>
        <source>今日の転入</source>
        <translation>Today&apos;s move-ins</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="56"/>
        <source>今日の転出</source>
        <translation>Today&apos;s move-outs</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="57"/>
        <source>今日が期限</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="58"/>
        <source>期限切れ</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="59"/>
        <source>送信待ちの処理</source>
        <translation>Decisions to send</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="79"/>
        <location filename="../../ui/dashboard.py" line="92"/>
        <source>転入</source>
        <translation>Move-in</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="88"/>
        <location filename="../../ui/dashboard.py" line="95"/>
        <source>転出</source>
        <translation>Move-out</translation>
    </message>
</context>
<context>
    <name>DecisionActions</name>
    <message>
        <location filename="../../ui/decision_actions.py" line="34"/>
        <source>処理できません</source>
        <translation>Cannot do that</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="43"/>
        <source>担当の引き継ぎ</source>
        <translation>Take over</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="44"/>
        <source>{holder} が {since} から担当しています。担当を引き継ぎますか？</source>
        <translation>{holder} has been handling this notice since {since}. Take it over?</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="86"/>
        <source>届出が変更されました</source>
        <translation>The notice was changed</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="87"/>
        <source>届出人がこの届出を変更しました。変更点を確認してから処理してください。</source>
        <translation>The resident changed this notice. Look at the changes before deciding.</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="94"/>
        <source>お客さま番号</source>
        <translation>Customer number</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="96"/>
        <source>受理するには、お客さま番号（水栓番号）を3〜20桁の数字で入力してください。</source>
        <translation>To accept, enter the customer (tap) number: 3 to 20 digits.</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="117"/>
        <source>再開</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../ui/decision_actions.py" line="118"/>
        <source>この届出の処理を取り消して、処理中に戻しますか？</source>
        <translation>Undo the decision on this notice and put it back in progress?</translation>
    </message>
</context>
<context>
    <name>DeskSession</name>
    <message>
        <location filename="../../ui/session.py" line="210"/>
        <source>データを開けません: %1</source>
        <translation>Cannot open the data: %1</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <location filename="../../ui/document_actions.py" line="99"/>
        <source>%1：「%2」（%3）は印刷できる字形がないため「〓」で印刷されます</source>
        <translation>%1: “%2” (%3) is in no font MoveDesk has and prints as 〓</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="135"/>
        <source>受付票 %1</source>
        <translation>Notice sheet %1</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="171"/>
        <source>CSVで書き出す</source>
        <translation>Export as CSV</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="185"/>
        <source>%1行目 %2: 「%3」 %4</source>
        <translation>row %1, %2: &quot;%3&quot; %4</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="194"/>
        <source>Shift_JISで書けない文字</source>
        <translation>Characters Shift_JIS cannot hold</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="196"/>
        <source>次の文字はShift_JIS（cp932）で書けません。「%1」に置き換えて書き出しますか？

</source>
        <translation>These characters cannot be written in Shift_JIS (cp932). Export them as &quot;%1&quot;?

</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="213"/>
        <source>書き出しできません</source>
        <translation>Cannot export</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="214"/>
        <source>個人情報の書き出しは監督者だけができます</source>
        <translation>Only supervisors export personal data</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="220"/>
        <source>%1 件を書き出しました: %2</source>
        <translation>Exported %1 notices: %2</translation>
    </message>
</context>
<context>
    <name>FaxController</name>
    <message>
        <location filename="../../ui/fax_controller.py" line="125"/>
        <source>ファクス(&amp;X)</source>
        <translation>Fa&amp;x</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="126"/>
        <source>ファクス画面(&amp;W)</source>
        <translation>Fax &amp;window</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="127"/>
        <source>ファクスを送信…</source>
        <translation>Send a fax…</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="128"/>
        <source>モデムの設定…</source>
        <translation>Modem settings…</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="172"/>
        <source>ファクスで届出を受け付けました: %1</source>
        <translation>Notice received by fax: %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="176"/>
        <source>ファクスを受信しました（%1 枚）</source>
        <translation>Fax received (%1 pages)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="242"/>
        <source>受付票 %1</source>
        <translation>Notice sheet %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="281"/>
        <source>送信待ちに入れました: %1</source>
        <translation>Queued for sending: %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="284"/>
        <source>ファクスを送信できません</source>
        <translation>Cannot send the fax</translation>
    </message>
    <message>
        <location filename="../../ui/fax_controller.py" line="323"/>
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
        <location filename="../../ui/fax_models.py" line="105"/>
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
        <location filename="../../ui/fax_models.py" line="149"/>
        <source>番号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="150"/>
        <source>登録日時</source>
        <translation>Queued at</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="151"/>
        <source>宛先</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="152"/>
        <source>件名</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="153"/>
        <source>ページ</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="154"/>
        <source>状態</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="155"/>
        <source>次の試行</source>
        <translation>Next try</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="156"/>
        <source>エラー</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="161"/>
        <source>送信待ち</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="162"/>
        <source>送信中</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="163"/>
        <source>送信済み</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="164"/>
        <source>送信失敗</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ui/fax_models.py" line="165"/>
        <source>取消</source>
        <translation>Cancelled</translation>
    </message>
</context>
<context>
    <name>FaxWindow</name>
    <message>
        <location filename="../../ui/fax_window.py" line="176"/>
        <source>ファクス — MoveDesk</source>
        <translation>Fax — MoveDesk</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="177"/>
        <source>受信箱</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="178"/>
        <source>送信箱</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="179"/>
        <source>未処理のファクスだけ表示</source>
        <translation>Show only faxes not yet handled</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="180"/>
        <source>このファクスから届出を作成</source>
        <translation>Make a notice from this fax</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="181"/>
        <source>ファクスを送信…</source>
        <translation>Send a fax…</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="182"/>
        <source>再送</source>
        <translation>Send again</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="183"/>
        <source>送信取消</source>
        <translation>Cancel sending</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="184"/>
        <source>送信結果を表示</source>
        <translation>Show transmission report</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="185"/>
        <source>モデムの設定…</source>
        <translation>Modem settings…</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="196"/>
        <source>モデムが設定されていません。「モデムの設定」でポートを選んでください。</source>
        <translation>No modem is set up. Choose its port in &quot;Modem settings&quot;.</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="199"/>
        <source>停止中</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="200"/>
        <source>モデムに接続できません</source>
        <translation>Cannot reach the modem</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="201"/>
        <source>待機中（着信に自動で応答します）</source>
        <translation>Waiting (answers incoming calls automatically)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="202"/>
        <source>送信中（ジョブ %1）</source>
        <translation>Sending (job %1)</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="203"/>
        <source>受信中</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="204"/>
        <source>モデムを確認中</source>
        <translation>Checking the modem</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="304"/>
        <source>ファクスを選ぶとページが表示されます</source>
        <translation>Choose a fax to see its pages</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="308"/>
        <source>受信時の問題: %1</source>
        <translation>Reception problem: %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="310"/>
        <source>読取コード: %1</source>
        <translation>Notice code: %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="345"/>
        <source>既にある届出 %1 にこのファクスを結び付けました</source>
        <translation>This fax was linked to the existing notice %1</translation>
    </message>
    <message>
        <location filename="../../ui/fax_window.py" line="347"/>
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
        <location filename="../../ui/document_actions.py" line="36"/>
        <source>CSVで書き出す</source>
        <translation>Export as CSV</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="36"/>
        <source>一覧を印刷</source>
        <translation>Print a list</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="48"/>
        <source>まとめない</source>
        <translation>No grouping</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="49"/>
        <source>市区町村ごと</source>
        <translation>By municipality</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="50"/>
        <source>町名ごと</source>
        <translation>By town</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="52"/>
        <source>UTF-8（BOM付き）</source>
        <translation>UTF-8 (with BOM)</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="53"/>
        <source>Shift_JIS（cp932、Excel向け）</source>
        <translation>Shift_JIS (cp932, for Excel)</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="54"/>
        <source>種別</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="55"/>
        <source>移転日（から）</source>
        <translation>Move date (from)</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="56"/>
        <source>移転日（まで）</source>
        <translation>Move date (to)</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="58"/>
        <source>文字コード</source>
        <translation>Encoding</translation>
    </message>
    <message>
        <location filename="../../ui/document_actions.py" line="60"/>
        <source>まとめ方</source>
        <translation>Grouping</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="289"/>
        <source>デモ — 模擬ハブにつながっています。表示される住民は架空の人物です。</source>
        <translation>DEMO — connected to the hub simulator. The residents shown are fictitious.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="293"/>
        <source>ハブに接続できません。このまま作業を続けられます。処理結果は接続が戻りしだい送信します。</source>
        <translation>The hub cannot be reached. You can go on working; decisions are sent as soon as the connection is back.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="298"/>
        <source>データベースに接続できません。ほかの席の処理は表示されず、この席の処理も保存できません。接続が戻ると自動で再開します。</source>
        <translation>The database cannot be reached. Other seats&apos; work is not shown and work at this seat cannot be saved. MoveDesk carries on by itself when the connection is back.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="302"/>
        <source>届出</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="303"/>
        <location filename="../../ui/main_window.py" line="325"/>
        <source>ダッシュボード</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="304"/>
        <source>ファイル(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="305"/>
        <source>表示(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="306"/>
        <source>届出(&amp;N)</source>
        <translation>&amp;Notice</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="307"/>
        <source>管理(&amp;A)</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="308"/>
        <source>今すぐ同期(&amp;S)</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="309"/>
        <source>設定(&amp;O)…</source>
        <translation>Settings (&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="310"/>
        <source>この届出を印刷(&amp;P)…</source>
        <translation>&amp;Print this notice…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="311"/>
        <source>転入一覧を印刷…</source>
        <translation>Print move-in list…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="312"/>
        <source>転出一覧を印刷…</source>
        <translation>Print move-out list…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="313"/>
        <source>CSVで書き出す…</source>
        <translation>Export as CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="314"/>
        <source>サインアウト</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="315"/>
        <source>終了(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="317"/>
        <source>未処理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="318"/>
        <source>今日の転入</source>
        <translation>Today&apos;s move-ins</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="319"/>
        <source>今日の転出</source>
        <translation>Today&apos;s move-outs</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="320"/>
        <source>期限切れ</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="321"/>
        <source>すべての届出</source>
        <translation>All notices</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="326"/>
        <source>言語 / Language</source>
        <translation>Language / 言語</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="329"/>
        <source>検索(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="330"/>
        <source>次の届出</source>
        <translation>Next notice</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="331"/>
        <source>前の届出</source>
        <translation>Previous notice</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="332"/>
        <source>担当する</source>
        <translation>Take it</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="333"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="334"/>
        <source>不受理…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="335"/>
        <source>変更を確認した</source>
        <translation>Changes seen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="336"/>
        <source>再開（監督者）</source>
        <translation>Reopen (supervisor)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="337"/>
        <source>職員の登録…</source>
        <translation>New staff account…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="338"/>
        <source>ロック解除…</source>
        <translation>Unlock account…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="340"/>
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
        <location filename="../../ui/main_window.py" line="497"/>
        <source>同期できません: %1</source>
        <translation>Cannot sync: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="479"/>
        <source>同期中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/list_status.py" line="32"/>
        <source>住所はあと%1文字入力してください</source>
        <translation>Type %1 more character(s) to search addresses</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="506"/>
        <source>新しい届出が %1 件届きました</source>
        <translation>%1 new notices arrived</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="512"/>
        <source>同期に失敗しました: %1</source>
        <translation>Sync failed: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="517"/>
        <source>まだ同期していません</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="519"/>
        <source>最終同期 %1</source>
        <translation>Last sync %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="521"/>
        <source>オフライン</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="523"/>
        <source>一部エラー: %1</source>
        <translation>some errors: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="528"/>
        <source>送信待ち %1 件</source>
        <translation>%1 waiting to be sent</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="575"/>
        <location filename="../../ui/main_window.py" line="579"/>
        <source>ロック解除</source>
        <translation>Unlock account</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="575"/>
        <source>ロックされている職員はいません</source>
        <translation>No staff account is locked</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="579"/>
        <source>利用者ID</source>
        <translation>User ID</translation>
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
        <location filename="../../ui/signin.py" line="150"/>
        <source>最初の監督者を登録</source>
        <translation>Create the first supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="150"/>
        <source>職員の登録</source>
        <translation>New staff account</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="155"/>
        <source>MoveDesk を初めて起動しました。職員の管理や印刷の設定を行う監督者のアカウントを作成してください。</source>
        <translation>This is the first start of MoveDesk. Create the account of a supervisor, who manages staff and printing.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="171"/>
        <source>利用者ID(&amp;U)</source>
        <translation>&amp;User ID</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="172"/>
        <source>氏名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="173"/>
        <source>権限(&amp;R)</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="174"/>
        <source>パスワード(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="175"/>
        <source>パスワード（確認）</source>
        <translation>Password (again)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="177"/>
        <source>パスワードは8〜32文字で、利用者IDを含まないものにしてください。</source>
        <translation>Passwords have 8 to 32 characters and must not contain the user ID.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="185"/>
        <source>登録</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="185"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="190"/>
        <source>確認用のパスワードが一致しません</source>
        <translation>The two passwords differ</translation>
    </message>
</context>
<context>
    <name>NoticePanel</name>
    <message>
        <location filename="../../ui/notice_panel.py" line="124"/>
        <source>届出内容</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="125"/>
        <source>変更履歴</source>
        <translation>Versions</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="126"/>
        <source>処理履歴</source>
        <translation>Decisions</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="128"/>
        <location filename="../../ui/notice_panel.py" line="131"/>
        <source>版</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="128"/>
        <source>受信日時</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="128"/>
        <source>項目</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="128"/>
        <source>変更内容</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="131"/>
        <source>処理</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="131"/>
        <location filename="../../ui/notice_panel.py" line="190"/>
        <source>担当</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="131"/>
        <source>日時</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="131"/>
        <source>送信状況</source>
        <translation>Sent to hub</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="133"/>
        <source>お客さま番号(&amp;N)</source>
        <translation>Customer &amp;number</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="134"/>
        <source>担当する</source>
        <translation>Take it</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="135"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="136"/>
        <source>不受理…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="137"/>
        <source>再開</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="138"/>
        <source>印刷…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="139"/>
        <source>変更を確認しました</source>
        <translation>I have seen the changes</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="161"/>
        <source>左の一覧から届出を選んでください</source>
        <translation>Choose a notice from the list</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="189"/>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="205"/>
        <source>届出人がこの届出を変更しました（版 %1 → %2）。確認するまで処理できません。</source>
        <translation>The resident changed this notice (version %1 → %2). It cannot be decided until you have seen the changes.</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="249"/>
        <source>受信</source>
        <translation>received</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="257"/>
        <source>送信待ち</source>
        <translation>waiting to be sent</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="258"/>
        <source>送信済み</source>
        <translation>sent</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="259"/>
        <source>競合（届出が変更された）</source>
        <translation>conflict (the notice changed)</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="260"/>
        <source>取消済みのため不要</source>
        <translation>not needed: cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="261"/>
        <source>取り下げ</source>
        <translation>withdrawn</translation>
    </message>
    <message>
        <location filename="../../ui/notice_panel.py" line="262"/>
        <source>送信失敗</source>
        <translation>failed</translation>
    </message>
</context>
<context>
    <name>NoticeTableModel</name>
    <message>
        <location filename="../../ui/notice_model.py" line="38"/>
        <source>受付番号</source>
        <translation>Receipt no.</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="39"/>
        <source>種別</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="40"/>
        <source>氏名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="41"/>
        <source>フリガナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="42"/>
        <source>使用場所</source>
        <translation>Service address</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="43"/>
        <source>開始日/中止日</source>
        <translation>Start/stop date</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="44"/>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="45"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="46"/>
        <source>担当</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="355"/>
        <source>届出人が内容を変更しました。変更点を確認してください</source>
        <translation>The resident changed this notice; look at the changes</translation>
    </message>
    <message>
        <location filename="../../ui/notice_model.py" line="359"/>
        <source>期限を過ぎています</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <location filename="../../ui/print_preview.py" line="65"/>
        <source>印刷(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="66"/>
        <source>PDFとして保存(&amp;S)…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="67"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="89"/>
        <source>印刷できません</source>
        <translation>Cannot print</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="97"/>
        <source>PDFとして保存</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="105"/>
        <source>保存できません</source>
        <translation>Cannot save</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="24"/>
        <source>不受理の理由</source>
        <translation>Reason for rejection</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="26"/>
        <source>受付番号 %1</source>
        <translation>Receipt no. %1</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="30"/>
        <source>理由(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="32"/>
        <source>補足（「その他」のときは必須）</source>
        <translation>Explanation (required for &quot;Other&quot;)</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="35"/>
        <source>補足(&amp;T)</source>
        <translation>Explana&amp;tion</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="40"/>
        <source>不受理にする</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="40"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="53"/>
        <source>「その他」を選んだときは補足を入力してください</source>
        <translation>Please explain when you choose &quot;Other&quot;</translation>
    </message>
    <message>
        <location filename="../../ui/decision_dialogs.py" line="57"/>
        <source>補足は500文字以内にしてください</source>
        <translation>Keep the explanation within 500 characters</translation>
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
        <location filename="../../ui/settings_dialog.py" line="50"/>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="63"/>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="73"/>
        <source>変更するときだけ入力（資格情報マネージャーに保存）</source>
        <translation>Only to change it (kept in the credential store)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="75"/>
        <source>パスワード</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="79"/>
        <source>変更するときだけ入力</source>
        <translation>Only to change it</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="80"/>
        <source>証明書のパスフレーズ</source>
        <translation>Certificate passphrase</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="86"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="86"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="106"/>
        <source>クライアント証明書</source>
        <translation>Client certificate</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="106"/>
        <source>証明書 (*.pem *.crt *.p12 *.pfx)</source>
        <translation>Certificates (*.pem *.crt *.p12 *.pfx)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="132"/>
        <source>パスワードを保存するには事業者IDを入力してください</source>
        <translation>Enter the partner ID to store the password</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="51"/>
        <source>MoveDesk サインイン</source>
        <translation>MoveDesk sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="57"/>
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
        <location filename="../../ui/signin.py" line="75"/>
        <source>デモ用アカウント</source>
        <translation>Demo accounts</translation>
    </message>
    <message>
        <location filename="../../ui/selftest_qt.py" line="63"/>
        <location filename="../../ui/signin.py" line="82"/>
        <source>サインイン</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="83"/>
        <source>終了</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="83"/>
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
        <location filename="../../ui/signin.py" line="113"/>
        <source>アカウントがロックされています。監督者に解除を依頼してください。</source>
        <translation>This account is locked. Ask a supervisor to unlock it.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="118"/>
        <source>利用者IDまたはパスワードが違います（あと%1回でロックされます）</source>
        <translation>Wrong user ID or password (%1 more attempts before the account locks)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="122"/>
        <source>利用者IDまたはパスワードが違います</source>
        <translation>Wrong user ID or password</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="68"/>
        <source>予期しないエラーが発生しました: %1

データベースは保護されています。詳しくはログを見てください:
%2</source>
        <translation>An unexpected error occurred: %1

The database is safe. The log has the details:
%2</translation>
    </message>
</context>
</TS>
