var kisha = [
{date:"令和5年5月26日 09:31", title:"防衛大臣記者会見", url:"2023/0526a.html"},
{date:"令和5年4月25日 10:05", title:"防衛大臣記者会見", url:"2023/0425a.html"},
];
