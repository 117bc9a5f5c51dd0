<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="UTF-8">
<title>보도자료 | 외교부</title>
<link rel="stylesheet" href="/www/css/common.css">
</head>
<body>
<!-- rdi demo archive: authored sample content, not an official text (see crawlers/demo/MANIFEST.tsv) -->
<div id="wrap"><header id="header"><h1><a href="/www/index.do">외교부</a></h1></header>
<div id="container"><div id="contents">
<h3 class="tit">보도자료</h3>
<table class="board_list"><caption>보도자료 목록</caption>
<thead><tr><th>번호</th><th>제목</th><th>담당부서</th><th>작성일</th><th>조회수</th></tr></thead>
<tbody>
<tr class="notice"><td class="num"><span class="ico_notice">공지</span></td><td class="al_left"><a href="#" onclick="f_view('300001');return false;">보도자료 게시판 이용 안내</a></td><td>대변인실</td><td>2024-01-02</td><td>5021</td></tr>
<tr><td class="num">68</td><td class="al_left"><a href="#" onclick="f_view('376086');return false;">제2차관, 중남미 주요국 순방 결과</a></td><td>대변인실</td><td>2026-10-30</td><td>120</td></tr>
<tr><td class="num">67</td><td class="al_left"><a href="#" onclick="f_view('376067');return false;">일본 지도자들의 야스쿠니 신사 공물 봉납 및 참배에 대한 외교부 대변인 논평</a></td><td>대변인실</td><td>2026-10-17</td><td>127</td></tr>
<tr><td class="num">66</td><td class="al_left"><a href="#" onclick="f_view('376045');return false;">한일 공급망 협력 대화 개최</a></td><td>경제안보외교센터</td><td>2026-09-18</td><td>134</td></tr>
<tr><td class="num">65</td><td class="al_left"><a href="#" onclick="f_view('376024');return false;">한일 정상회담 후속 조치 관련 한일 국장급 협의 개최</a></td><td>동북아시아국</td><td>2026-09-08</td><td>141</td></tr>
<tr><td class="num">64</td><td class="al_left"><a href="#" onclick="f_view('376005');return false;">외교부장관, 유럽연합 외교안보 고위대표와 전화 통화</a></td><td>대변인실</td><td>2026-08-17</td><td>148</td></tr>
<tr><td class="num">63</td><td class="al_left"><a href="#" onclick="f_view('375991');return false;">일본 총리의 야스쿠니 신사 공물 봉납에 대한 외교부 대변인 논평</a></td><td>대변인실</td><td>2026-08-15</td><td>155</td></tr>
<tr><td class="num">62</td><td class="al_left"><a href="#" onclick="f_view('375969');return false;">한미일 외교장관회의 개최 결과</a></td><td>북미국</td><td>2026-07-27</td><td>162</td></tr>
<tr><td class="num">61</td><td class="al_left"><a href="#" onclick="f_view('375955');return false;">일본 방위백서 독도 영유권 주장 관련 주한일본대사관 총괄공사 초치</a></td><td>대변인실</td><td>2026-07-14</td><td>169</td></tr>
<tr><td class="num">60</td><td class="al_left"><a href="#" onclick="f_view('375947');return false;">재외국민 보호를 위한 해외안전 점검회의 개최</a></td><td>대변인실</td><td>2026-07-13</td><td>176</td></tr>
<tr><td class="num">59</td><td class="al_left"><a href="#" onclick="f_view('375933');return false;">한미일 외교장관 공동성명</a></td><td>북미국</td><td>2026-07-07</td><td>183</td></tr>
</tbody></table>
<div class="paging"><a href="./list.do?page=1" class="first">처음</a><a href="./list.do?page=1" class="on">1</a><a href="./list.do?page=2">2</a><a href="./list.do?page=3">3</a><a href="./list.do?page=4">4</a><a href="./list.do?page=5">5</a><a href="./list.do?page=6">6</a><a href="./list.do?page=7">7</a><a href="./list.do?page=7" class="last">마지막</a></div>
</div></div>
<footer id="footer"><address>(03172) 서울특별시 종로구 사직로8길 60 외교부</address></footer>
</div>
</body>
</html>
